/**
 * sos's own manifest (sos_reports/manifest.json, sos 4.x): when the report ran, which sos,
 * and every command each plugin ran with its return code and duration.
 *
 *   {"version": "4.0", "start_time": "2026-12-07 12:13:46.332150", "end_time": "...",
 *    "components": {"report": {"plugins": {"networking": {"commands": [
 *      {"exec": "ip netns", "filepath": "sos_commands/networking/ip_netns", "return_code": 0, "run_time": 0.0128}]}}}}}
 *
 * → SosManifestRecord { type: "report", version: "4.0", startLocal: "2026-12-07T12:13:46.332", ... }
 *   and one { type: "command", plugin, exec, filepath, returnCode, durationMs } per command.
 *
 * Quirks: times are node-local without a zone (the date plugin or the archive's own member
 * times give the offset); a command that left no file has filepath null; sos 3.x has no
 * manifest (sos_logs only). At most MAX_COMMANDS command records are kept.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, detectNotData, notDataResult } from "@/lib/parsers/common";

export type SosManifestRecord =
  | { type: "report"; version: string | null; cmdline: string | null; startLocal: string | null; endLocal: string | null; policy: string | null; line: number }
  | { type: "command"; plugin: string; exec: string; filepath: string | null; returnCode: number | null; durationMs: number | null; line: number };

const MAX_COMMANDS = 20_000;

/** "2026-12-07 12:13:46.332150" → "2026-12-07T12:13:46.332" (ms precision), else null. */
export function sosLocalTime(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(v.trim());
  return m ? `${m[1]}T${m[2]}${m[3] ?? ""}` : null;
}

const str = (v: unknown) => (typeof v === "string" ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** 1-based line of the first occurrence of `needle` at or after `from` (JSON has no line numbers of its own). */
function lineLocator(text: string) {
  let pos = 0;
  let line = 1;
  return (needle: string): number => {
    const at = text.indexOf(needle, pos);
    if (at < 0) return line;
    for (let i = pos; i < at; i++) if (text.charCodeAt(i) === 10) line++;
    pos = at;
    return line;
  };
}

export const parser: ArtifactParser<SosManifestRecord> = {
  kind: "sos-manifest",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<SosManifestRecord>();
    let doc: Record<string, unknown>;
    try {
      doc = obj(JSON.parse(text));
    } catch (e) {
      out.skip(1, text.slice(0, 200), `not JSON: ${e instanceof Error ? e.message : String(e)}`);
      return out.done();
    }
    const at = lineLocator(text);
    out.records.push({
      type: "report", version: str(doc.version), cmdline: str(doc.cmdline), startLocal: sosLocalTime(doc.start_time), endLocal: sosLocalTime(doc.end_time),
      policy: str(doc.policy), line: at('"start_time"'),
    });
    const plugins = obj(obj(obj(doc.components).report).plugins);
    let dropped = 0;
    for (const [plugin, p] of Object.entries(plugins)) {
      const commands = obj(p).commands;
      if (!Array.isArray(commands)) continue;
      for (const c of commands) {
        const cmd = obj(c);
        const exec = str(cmd.exec);
        if (!exec) continue;
        if (out.records.length > MAX_COMMANDS) {
          dropped++;
          continue;
        }
        const rc = cmd.return_code;
        const rt = cmd.run_time;
        out.records.push({
          type: "command", plugin, exec, filepath: str(cmd.filepath), returnCode: typeof rc === "number" ? rc : null,
          durationMs: typeof rt === "number" && Number.isFinite(rt) ? Math.round(rt * 1000) : null, line: at(JSON.stringify(exec)),
        });
      }
    }
    if (dropped) out.warn(`${dropped} more commands not read (over ${MAX_COMMANDS})`);
    return out.done();
  },
};
