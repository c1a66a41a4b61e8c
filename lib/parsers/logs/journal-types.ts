/**
 * One journal entry, whichever journalctl output it came from (short-* text, json, export).
 *
 * Output type (sample `2026-11-23T12:00:00.123456+0100 node-1 dockerd[812]: msg`):
 *   { line: 7, lineEnd: 7, ts: "2026-11-23T11:00:00.123456Z", epochMs: 1795431600123,
 *     host: "node-1", identifier: "dockerd", pid: 812, message: "msg" }
 */
import type { LogLevel } from "@/lib/parsers/logs/level";

export interface JournalRecord {
  /** First and last artifact line of the entry (multi-line messages span several). */
  line: number;
  lineEnd: number;
  /** UTC ISO 8601 (µs when printed), or null when the stamp could not be placed in time. */
  ts: string | null;
  epochMs: number | null;
  /** The stamp as printed, kept only when ts is null (year-less without a reference year). */
  stamp?: string;
  host?: string;
  /** SYSLOG_IDENTIFIER (or _COMM): what short output prints before [pid]. */
  identifier?: string;
  /** _SYSTEMD_UNIT (json/export only; text output does not print it). */
  unit?: string;
  pid?: number;
  /** journald PRIORITY 0-7 (json/export only). */
  priority?: number;
  level?: LogLevel;
  /** _BOOT_ID (json/export) or the id of the last `-- Boot <id> --` marker. */
  bootId?: string;
  message: string;
  truncated?: true;
}
