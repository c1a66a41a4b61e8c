/**
 * Parser for `conntrack -C` (kind conntrack-count): one number, the entries in the table.
 *
 * Sample input:
 *   262144
 *
 * Output: one record { count, line }. Anything else is unparsed; a missing tool or an error
 * ("conntrack v1.4.7 (conntrack-tools): Operation failed: ...") is reported as notData. Rules
 * compare the count with net.netfilter.nf_conntrack_max from the sysctls.
 */
import type { ArtifactParser, ParseResult } from "@/lib/parsers/types";
import { detectNotData, notDataResult, ResultBuilder, splitLines } from "@/lib/parsers/common";

export interface ConntrackCount {
  count: number;
  line: number;
}

export function parseConntrackCount(text: string): ParseResult<ConntrackCount> {
  const notData = detectNotData(text);
  if (notData) return notDataResult(notData);
  const out = new ResultBuilder<ConntrackCount>();
  const lines = splitLines(text);
  if (lines.length === 1 && /\(conntrack-tools\): .*(failed|error)/i.test(lines[0] ?? "")) {
    return notDataResult({ reason: "error-text", message: (lines[0] as string).slice(0, 500) });
  }
  lines.forEach((raw, i) => {
    const s = raw.trim();
    if (s === "") return;
    if (/^\d+$/.test(s) && out.records.length === 0) out.records.push({ count: Number(s), line: i + 1 });
    else out.skip(i + 1, raw);
  });
  if (out.records.length === 0) out.warn("no count found");
  return out.done();
}

export const parser: ArtifactParser<ConntrackCount> = { kind: "conntrack-count", parse: (text) => parseConntrackCount(text) };
