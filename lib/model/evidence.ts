/**
 * Evidence helpers shared by the rules (making it) and every reader (web page, CLI text and
 * markdown), so that all of them tell verbatim artifact lines from text the analysis wrote.
 * The contract is on Evidence in lib/model/types.ts.
 */
import type { LogSignal } from "@/lib/model/types";
import type { Evidence } from "@/lib/rules/finding";

export type EvidenceQuote = NonNullable<Evidence["quote"]>;

/** A matched log line: the record as the patterns saw it, pointing at its first line. */
export function evidenceFromSignal(s: LogSignal, maxChars = 2000): Evidence {
  return { artifact: s.artifact, lineStart: s.line, lineEnd: s.line, excerpt: s.text.slice(0, maxChars), quote: "log-record" };
}

/** Null when the excerpt is the cited lines' own text; else what kind of quote it is. */
export function evidenceQuote(e: Evidence): EvidenceQuote | null {
  // lineStart 0 cites no line (captures): a summary even on findings stored before `quote` existed
  return e.quote ?? (e.lineStart < 1 ? "summary" : null);
}

/** The line a reader may link to, or null when the evidence points at no line. */
export function evidenceLine(e: Evidence): number | null {
  return e.lineStart >= 1 ? e.lineStart : null;
}

export const QUOTE_LABEL: Record<EvidenceQuote, string> = {
  "log-record": "log record as matched, not the raw line",
  summary: "summary by the analysis, not a file excerpt",
};

/** "path:12" / "path:12-14" for cited lines; "path, line 12" for a quote at a line; "path" for none. */
export function evidenceWhere(e: Evidence): string {
  const line = evidenceLine(e);
  if (evidenceQuote(e)) return line === null ? e.artifact : `${e.artifact}, line ${line}`;
  return `${e.artifact}:${e.lineStart}${e.lineEnd > e.lineStart ? `-${e.lineEnd}` : ""}`;
}
