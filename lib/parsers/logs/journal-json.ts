/**
 * `journalctl -o json` (artifact kind `journal-json`): one JSON object per line.
 *
 * Quirks (systemd 252, checked on real output): every value is a string, except
 *  - non-UTF-8 or control-character data: an array of byte numbers
 *    ("MESSAGE":[98,105,110,255,...]) → decoded as UTF-8 with replacement characters;
 *  - a field present several times in one entry: an array of such values → the first is used;
 *  - a value larger than the data threshold without --all: null → treated as absent
 *    (a warning says the message was elided).
 */
import { entryToRecord, WANTED, type EntryFields } from "@/lib/parsers/logs/journal-fields";
import type { JournalRecord } from "@/lib/parsers/logs/journal-types";
import { Collector, logParser, stripCr, type LogSinkOptions, type RecordSink } from "@/lib/parsers/logs/sink-base";
import { NotDataProbe } from "@/lib/parsers/logs/text-checks";

/** Lines longer than this are not parsed as JSON (a runaway line must not stall ingest). */
const MAX_JSON_LINE = 16 * 1024 * 1024;

function fieldValue(v: unknown): string | undefined | null {
  if (typeof v === "string") return v;
  if (v === null) return null;
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((b) => typeof b === "number")) return Buffer.from(v as number[]).toString("utf8");
    return v.length > 0 ? fieldValue(v[0]) : undefined;
  }
  if (typeof v === "number") return String(v);
  return undefined;
}

export function createJournalJsonSink(opts: LogSinkOptions<JournalRecord>): RecordSink<JournalRecord> {
  const out = new Collector<JournalRecord>(opts.onRecord, opts.maxIssues);
  const probe = new NotDataProbe();
  return {
    push(rawLine, lineNo) {
      const line = stripCr(rawLine);
      if (out.count === 0) probe.see(line);
      if (line.trim() === "") return;
      let obj: unknown;
      if (line.charCodeAt(0) === 123 /* { */ && line.length <= MAX_JSON_LINE) {
        try {
          obj = JSON.parse(line);
        } catch {
          obj = undefined;
        }
      }
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return out.skip(lineNo, line);
      const f: EntryFields = {};
      for (const [k, v] of Object.entries(obj)) {
        if (!WANTED.has(k)) continue;
        const val = fieldValue(v);
        if (val === null && k === "MESSAGE") out.warnOnce("elided", "MESSAGE null (larger than journalctl's data threshold; collect with --all)", lineNo);
        if (typeof val === "string") f[k] = val;
      }
      const rec = entryToRecord(f, lineNo, lineNo);
      if (rec) out.emit(rec);
      else out.skip(lineNo, line);
    },
    end() {
      return out.result(out.count === 0 ? probe.verdict() : undefined);
    },
  };
}

export const journalJsonParser = logParser<JournalRecord>("journal-json", createJournalJsonSink);
