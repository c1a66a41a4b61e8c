/**
 * `journalctl -o export` (artifact kind `journal-export`): the binary-safe serialisation.
 *
 *   __REALTIME_TIMESTAMP=1726585755776730     text field: KEY=value
 *   MESSAGE                                   binary field: KEY, newline,
 *   <8-byte little-endian length><data>       then exactly `length` bytes (may hold \n),
 *                                             then a newline
 *   (blank line)                              end of entry
 *
 * We are handed text lines, so a binary field's data arrives split at its newlines and is
 * rejoined. Byte counts are exact only when the artifact was decoded as latin1 (one char per
 * byte; pass `encoding: "latin1"`, values are then re-decoded as UTF-8). Under UTF-8 decoding
 * invalid bytes become U+FFFD and lengths can drift: a length byte > 0x7F cannot be read, so
 * the data is taken to end before the next line that looks like a field (with a warning).
 */
import { entryToRecord, WANTED, type EntryFields } from "@/lib/parsers/logs/journal-fields";
import type { JournalRecord } from "@/lib/parsers/logs/journal-types";
import { Collector, MAX_MESSAGE_CHARS, logParser, stripCr, type LogSinkOptions, type RecordSink } from "@/lib/parsers/logs/sink-base";
import { NotDataProbe, looksBinary } from "@/lib/parsers/logs/text-checks";

export interface JournalExportSinkOptions extends LogSinkOptions<JournalRecord> {
  /** How the caller decoded the artifact bytes into the lines it pushes. Default "utf8". */
  encoding?: "utf8" | "latin1";
}

interface Binary {
  key: string;
  /** Declared byte length, or null when it could not be read. */
  len: number | null;
  parts: string[] | null;
  got: number;
  kept: number;
}

/** Length of a valid field name at the start of line (A-Z, 0-9, _), 0 when none. */
function keyLength(line: string): number {
  let i = 0;
  for (; i < line.length && i < 256; i++) {
    const c = line.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) break;
  }
  return i;
}

/** Little-endian u64 from the first 8 chars, or null when a char is not a byte we can trust. */
function readLength(line: string, maxCode: number): number | null {
  if (line.length < 8) return null;
  let v = 0;
  for (let k = 7; k >= 0; k--) {
    const c = line.charCodeAt(k);
    if (c > maxCode) return null;
    v = v * 256 + c;
  }
  return Number.isSafeInteger(v) ? v : null;
}

export function createJournalExportSink(opts: JournalExportSinkOptions): RecordSink<JournalRecord> {
  const out = new Collector<JournalRecord>(opts.onRecord, opts.maxIssues);
  const probe = new NotDataProbe();
  const latin1 = opts.encoding === "latin1";
  const bytes = (s: string) => (latin1 ? s.length : Buffer.byteLength(s, "utf8"));
  const decode = (s: string) => (latin1 ? Buffer.from(s, "latin1").toString("utf8") : s);
  let fields: EntryFields = {};
  let first = 0;
  let last = 0;
  let awaitingLength: string | null = null;
  // Length bytes seen so far when one of them was 0x0A (a length of 10, 266, ...).
  let lenBuf: string | null = null;
  let bin: Binary | null = null;

  const setField = (key: string, value: string, lineNo: number) => {
    if (first === 0) first = lineNo;
    last = lineNo;
    if (WANTED.has(key) && fields[key] === undefined) fields[key] = decode(value);
  };
  const finishBinary = () => {
    if (!bin) return;
    const b: Binary = bin;
    bin = null;
    if (b.len !== null && b.got !== b.len) out.warnOnce("binmismatch", "binary field length differs from the declared one (text decoded as UTF-8 is lossy for non-UTF-8 data)", last);
    setField(b.key, b.parts ? b.parts.join("\n") : "", last);
  };
  const endEntry = () => {
    finishBinary();
    if (first > 0) {
      const rec = entryToRecord(fields, first, last);
      if (rec) out.emit(rec);
    }
    fields = {};
    first = 0;
  };

  return {
    push(rawLine, lineNo) {
      if (out.count === 0 && first === 0) probe.see(rawLine);
      if (awaitingLength !== null) {
        // Data line: no CR stripping, the bytes are the value.
        const buf = lenBuf === null ? rawLine : `${lenBuf}\n${rawLine}`;
        if (buf.length < 8) {
          lenBuf = buf;
          return;
        }
        lenBuf = null;
        const len = readLength(buf, latin1 ? 255 : 127);
        if (len === null) out.warnOnce("binlen", "binary field length unreadable after UTF-8 decoding; data cut at the next field", lineNo);
        const data = buf.slice(8);
        bin = { key: awaitingLength, len, parts: [data], got: bytes(data), kept: data.length };
        awaitingLength = null;
        last = lineNo;
        if (len !== null && bin.got >= len) finishBinary();
        return;
      }
      if (bin) {
        const b: Binary = bin;
        const looksLikeField = rawLine === "" || keyLength(rawLine) > 0;
        if (b.len === null ? !looksLikeField : b.got < b.len) {
          // Keep only what clip() will keep; `got` still counts every byte.
          if (b.parts && b.kept < MAX_MESSAGE_CHARS) {
            b.parts.push(rawLine);
            b.kept += rawLine.length + 1;
          }
          b.got += 1 + bytes(rawLine);
          last = lineNo;
          if (b.len !== null && b.got >= b.len) finishBinary();
          return;
        }
        finishBinary();
      }
      const line = stripCr(rawLine);
      if (line === "") return endEntry();
      const k = keyLength(line);
      if (k > 0 && line[k] === "=") return setField(line.slice(0, k), line.slice(k + 1), lineNo);
      if (k > 0 && k === line.length) {
        if (first === 0) first = lineNo;
        awaitingLength = line;
        last = lineNo;
        return;
      }
      if (looksBinary(line)) out.warnOnce("binary", "binary junk between export entries", lineNo);
      out.skip(lineNo, line);
    },
    end() {
      if (awaitingLength !== null) out.warn("export ends inside a binary field", last);
      awaitingLength = null;
      endEntry();
      return out.result(out.count === 0 ? probe.verdict() : undefined);
    },
  };
}

export const journalExportParser = logParser<JournalRecord>("journal-export", createJournalExportSink);
