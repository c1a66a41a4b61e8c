/**
 * Helpers shared by the command-output parsers: line splitting, "this is not data"
 * detection, a result accumulator and small number helpers.
 *
 * Why a not-data check: the collector stores whatever the command printed, so a missing
 * tool leaves "sh: 1: lsns: not found" where a table should be. Reporting that as notData
 * (instead of one unparsed line) lets the UI say "lsns missing" plainly. CRLF is tolerated
 * and a final newline is not an extra empty line.
 */
import type { NotDataReason, ParseResult, ParseWarning, UnparsedLine } from "@/lib/parsers/types";

/** Lines without terminators; CRLF tolerated; a final newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const NOT_DATA: { reason: NotDataReason; re: RegExp }[] = [
  { reason: "command-not-found", re: /(command not found|: not found$|executable file not found|exec of ".*" failed)/i },
  { reason: "permission-denied", re: /(Permission denied|Operation not permitted|must be root|requires root|you must be root)/i },
  { reason: "no-such-file", re: /No such file or directory/i },
  // iproute2/nft/conntrack failing inside a namespace that went away, or a module not loaded.
  { reason: "error-text", re: /^(Error: |Cannot open netlink socket|Cannot open network namespace|RTNETLINK answers:|netlink: |Can't initialize ipvs:|Are you sure that IP Virtual Server|iptables v[\d.]+.*: can't initialize|Fatal: can't open lock file)/i },
];

/** Classify one line as an error message, or undefined when it may be data. */
export function classifyErrorLine(line: string): NotDataReason | undefined {
  for (const { reason, re } of NOT_DATA) if (re.test(line.trim())) return reason;
  return undefined;
}

/**
 * The whole text is not data when it is empty, or when every non-blank line (at most a few)
 * is an error message. A long output with one "Permission denied" line is data with a warning.
 */
export function detectNotData(text: string): ParseResult<never>["notData"] {
  const lines = splitLines(text).filter((l) => l.trim() !== "");
  if (lines.length === 0) return { reason: "empty", message: "empty output" };
  if (lines.length > 3) return undefined;
  const reasons = lines.map(classifyErrorLine);
  const first = reasons[0];
  if (first && reasons.every((r) => r !== undefined)) return { reason: first, message: lines.join("\n").slice(0, 500) };
  return undefined;
}

/** Result accumulator so each parser's loop stays short. */
export class ResultBuilder<R> {
  records: R[] = [];
  warnings: ParseWarning[] = [];
  unparsed: UnparsedLine[] = [];

  warn(message: string, line?: number): void {
    this.warnings.push(line === undefined ? { message } : { line, message });
  }

  skip(line: number, text: string, why?: string): void {
    this.unparsed.push({ line, text });
    if (why) this.warn(why, line);
  }

  done(): ParseResult<R> {
    return { records: this.records, warnings: this.warnings, unparsed: this.unparsed };
  }
}

/** Early result for text that is not data (see detectNotData). */
export function notDataResult<R>(notData: NonNullable<ParseResult<R>["notData"]>): ParseResult<R> {
  return { records: [], warnings: [], unparsed: [], notData };
}

/** Integer or undefined (never NaN); plain decimal digits with optional sign only. */
export function toInt(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Split on runs of blanks, dropping empty ends. */
export function fields(line: string): string[] {
  const t = line.trim();
  return t === "" ? [] : t.split(/\s+/);
}

/** 4 or 6 from the look of an address or CIDR ("default" and names give undefined). */
export function familyOf(addr: string | undefined): 4 | 6 | undefined {
  if (!addr) return undefined;
  if (addr.includes(":")) return 6;
  if (/^\d{1,3}(\.\d{1,3}){3}(\/\d+)?$/.test(addr)) return 4;
  return undefined;
}
