/**
 * Stage two shared by `-o json` and `-o export`: a journal entry's fields → JournalRecord.
 *
 * Field choice mirrors what `journalctl -o short` prints: identifier = SYSLOG_IDENTIFIER,
 * else _COMM; pid = _PID, else SYSLOG_PID. Time = _SOURCE_REALTIME_TIMESTAMP (when the sender
 * stamped it), else __REALTIME_TIMESTAMP (receipt), in µs: the stamp short output prints.
 */
import { levelFromMessage, levelFromPriority } from "@/lib/parsers/logs/level";
import type { JournalRecord } from "@/lib/parsers/logs/journal-types";
import { clip } from "@/lib/parsers/logs/sink-base";
import { toIsoUtc } from "@/lib/time/civil";
import { fromRealtimeMicros } from "@/lib/time/parse-other";

/** Only the fields we keep; everything else in an entry is ignored cheaply. */
export const WANTED = new Set([
  "__REALTIME_TIMESTAMP", "_SOURCE_REALTIME_TIMESTAMP", "MESSAGE", "SYSLOG_IDENTIFIER", "_COMM", "_PID", "SYSLOG_PID",
  "_SYSTEMD_UNIT", "PRIORITY", "_HOSTNAME", "_BOOT_ID",
]);

export type EntryFields = Partial<Record<string, string>>;

function int(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d{1,10}$/.test(s)) return undefined;
  return Number(s);
}

/** null when the entry has no usable realtime stamp and no message (not an entry at all). */
export function entryToRecord(f: EntryFields, line: number, lineEnd: number): JournalRecord | null {
  if (f.MESSAGE === undefined && f.__REALTIME_TIMESTAMP === undefined) return null;
  const us = f._SOURCE_REALTIME_TIMESTAMP ?? f.__REALTIME_TIMESTAMP;
  const t = us === undefined ? null : fromRealtimeMicros(us);
  const rec = { line, lineEnd, ts: t ? toIsoUtc(t) : null, epochMs: t ? t.epochMs : null } as JournalRecord;
  if (f._HOSTNAME !== undefined) rec.host = f._HOSTNAME;
  const ident = f.SYSLOG_IDENTIFIER ?? f._COMM;
  if (ident !== undefined) rec.identifier = ident;
  if (f._SYSTEMD_UNIT !== undefined) rec.unit = f._SYSTEMD_UNIT;
  const pid = int(f._PID) ?? int(f.SYSLOG_PID);
  if (pid !== undefined) rec.pid = pid;
  const prio = int(f.PRIORITY);
  if (prio !== undefined && prio <= 7) rec.priority = prio;
  const msg = clip(f.MESSAGE ?? "");
  const level = levelFromMessage(msg.message) ?? levelFromPriority(rec.priority);
  if (level) rec.level = level;
  if (f._BOOT_ID !== undefined) rec.bootId = f._BOOT_ID;
  rec.message = msg.message;
  if (msg.truncated) rec.truncated = true;
  return rec;
}
