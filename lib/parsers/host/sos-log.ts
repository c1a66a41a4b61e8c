/**
 * sos's own log (sos_logs/sos.log, sos 3.x and 4.x): the commands sos did not run or that
 * timed out, which no output file shows. Every other line (what it collected) is skipped.
 *
 *   2026-12-07 13:24:37,392 WARNING: [plugin:networking] skipped command 'ss -peaonmi': required kmods missing: tcp_diag.  Use '--allow-system-changes' to enable collection.
 *   2026-12-07 13:24:40,001 WARNING: [plugin:logs] command 'journalctl --no-pager' timed out after 300s
 *
 * → SosLogRecord { type: "skipped" | "timeout", plugin: "networking", command: "ss -peaonmi",
 *                  reason: "required kmods missing: tcp_diag", local: "2026-12-07T13:24:37.392", line }
 *
 * The first and last stamped lines also give { type: "start" } and { type: "end" } records
 * (plugin "", command ""): when sos began, and when it wrote its log last.
 *
 * Quirks: times are node-local without a zone; sos pads the reason with its advice after two
 * blanks (dropped); a plugin timeout is logged per plugin, not per command (kept, command "").
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";

export interface SosLogRecord {
  /** start: the log's first stamped line, when sos began (sos 3.x has no manifest to say so). */
  type: "skipped" | "timeout" | "start" | "end";
  plugin: string;
  command: string;
  reason: string;
  local: string | null;
  line: number;
}

const HEAD = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3}) \w+: \[plugin:([\w.-]+)\] (.*)$/;
const SKIPPED = /^skipped command '(.*)': (.*?)(?:\s{2,}.*)?\s*$/;
const TIMEOUT = /^command '(.*)' timed out after (\d+)s/;
const STAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3}) /;
/** Lines longer than this are not sos's own messages (a pasted output); not read. */
const MAX_LINE = 8192;

export const parser: ArtifactParser<SosLogRecord> = {
  kind: "sos-log",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<SosLogRecord>();
    let last: { local: string; line: number } | null = null;
    splitLines(text).forEach((raw, i) => {
      const st = STAMP.exec(raw);
      if (st) {
        const stamp = { local: `${st[1]}T${st[2]}.${st[3]}`, line: i + 1 };
        if (!last) out.records.push({ type: "start", plugin: "", command: "", reason: "", ...stamp });
        last = stamp;
      }
      if (raw.length > MAX_LINE || !raw.includes("[plugin:")) return;
      const h = HEAD.exec(raw);
      if (!h) return;
      const local = `${h[1]}T${h[2]}.${h[3]}`;
      const plugin = h[4] ?? "";
      const msg = h[5] ?? "";
      const s = SKIPPED.exec(msg);
      if (s) return void out.records.push({ type: "skipped", plugin, command: s[1] ?? "", reason: (s[2] ?? "").replace(/\.$/, ""), local, line: i + 1 });
      const t = TIMEOUT.exec(msg);
      if (t) out.records.push({ type: "timeout", plugin, command: t[1] ?? "", reason: `timed out after ${t[2]}s`, local, line: i + 1 });
    });
    const end = last as { local: string; line: number } | null;
    if (end) out.records.push({ type: "end", plugin: "", command: "", reason: "", ...end });
    return out.done();
  },
};
