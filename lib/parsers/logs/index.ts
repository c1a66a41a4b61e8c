/**
 * Journal, log and dmesg parsers. Register these in lib/parsers/index.ts by kind:
 *   journal, journal-json, journal-export, log, dmesg.
 * All are streaming (`stream(ctx)` → LineSink); ingest should prefer the create*Sink
 * factories with `onRecord` so records are drained in batches and never all held.
 */
export { journalParser, createJournalSink, journalForm } from "@/lib/parsers/logs/journal";
export { journalJsonParser, createJournalJsonSink } from "@/lib/parsers/logs/journal-json";
export { journalExportParser, createJournalExportSink, type JournalExportSinkOptions } from "@/lib/parsers/logs/journal-export";
export { logFileParser, createLogSink } from "@/lib/parsers/logs/log";
export { dmesgParser, createDmesgSink, type DmesgRecord } from "@/lib/parsers/logs/dmesg";
export type { JournalRecord } from "@/lib/parsers/logs/journal-types";
export type { LogRecord, LogFormat } from "@/lib/parsers/logs/log-types";
export type { LogLevel } from "@/lib/parsers/logs/level";
export type { LogArtifactParser, LogParseContext, LogSinkOptions, RecordSink, StreamResult } from "@/lib/parsers/logs/sink-base";
export { runSink, MAX_MESSAGE_CHARS } from "@/lib/parsers/logs/sink-base";

import { createDmesgSink, dmesgParser } from "@/lib/parsers/logs/dmesg";
import { createJournalSink, journalParser } from "@/lib/parsers/logs/journal";
import { createJournalExportSink, journalExportParser } from "@/lib/parsers/logs/journal-export";
import { createJournalJsonSink, journalJsonParser } from "@/lib/parsers/logs/journal-json";
import { createLogSink, logFileParser } from "@/lib/parsers/logs/log";

export const LOG_PARSERS = [journalParser, journalJsonParser, journalExportParser, logFileParser, dmesgParser] as const;

/** Sink factory per kind, for ingest: `LOG_SINKS[kind]({ path, time, onRecord })`. */
export const LOG_SINKS = {
  journal: createJournalSink,
  "journal-json": createJournalJsonSink,
  "journal-export": createJournalExportSink,
  log: createLogSink,
  dmesg: createDmesgSink,
} as const;
export { createJournalTextSink } from "@/lib/parsers/logs/journal";
