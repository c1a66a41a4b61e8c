/**
 * Cheap checks on log lines: binary junk, and whole outputs that are an error rather than
 * data ("No journal files were found.", "dmesg: read kernel buffer failed: Operation not
 * permitted", "sh: journalctl: not found").
 */
import type { NotDataReason, ParseResult } from "@/lib/parsers/types";

/** NUL or a run of other C0 controls (not TAB/ESC) in the first 256 chars: not text. */
export function looksBinary(line: string): boolean {
  const n = Math.min(line.length, 256);
  let ctl = 0;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 27) ctl++;
  }
  return ctl > 2 && ctl * 10 > n;
}

const ERRORS: { reason: NotDataReason; re: RegExp }[] = [
  { reason: "command-not-found", re: /(command not found|: not found$|executable file not found)/i },
  { reason: "permission-denied", re: /(Permission denied|Operation not permitted|must be root|not seeing messages from other users)/i },
  { reason: "no-such-file", re: /No such file or directory/i },
  // journalctl markers alone ("-- Logs begin at ... --", "-- No entries --") mean an empty journal.
  { reason: "empty", re: /^(No journal files were found\.|-- .* --)$/ },
];

export function classifyErrorLine(line: string): NotDataReason | undefined {
  for (const { reason, re } of ERRORS) if (re.test(line)) return reason;
  return undefined;
}

/**
 * Collects the first few non-blank lines of an output so that, if it produced no record,
 * end() can say why. Keeps at most 3 short lines: safe for streams.
 */
export class NotDataProbe {
  private readonly lines: string[] = [];
  private nonBlank = 0;

  see(line: string): void {
    if (line.trim() === "") return;
    this.nonBlank++;
    if (this.lines.length < 3) this.lines.push(line.slice(0, 300));
  }

  /** Verdict when no record was produced. */
  verdict(): ParseResult<never>["notData"] {
    if (this.nonBlank === 0) return { reason: "empty", message: "empty output" };
    if (this.nonBlank > 3) return undefined;
    const reasons = this.lines.map(classifyErrorLine);
    if (!reasons.every((r) => r !== undefined)) return undefined;
    // "No journal files were found." + "-- No entries --" is an empty journal, not an error.
    const reason = reasons.find((r) => r !== "empty") ?? "empty";
    return { reason, message: this.lines.join("\n") };
  }
}
