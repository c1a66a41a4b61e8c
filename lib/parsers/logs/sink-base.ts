/**
 * Shared plumbing of the streaming log parsers: options, the bounded result collector, and
 * running a sink over a whole text (parse() is just stream() fed from a string).
 *
 * Why bounded: a 300 MB journal can hold millions of records. With `onRecord` the records
 * go straight to the consumer (ingest writes them in batches) and the sink keeps none; only
 * counts and at most `maxIssues` warnings/unparsed lines stay in memory.
 */
import type { ArtifactParser, LineSink, ParseContext, ParseResult, ParseWarning, UnparsedLine } from "@/lib/parsers/types";
import type { TimeContext } from "@/lib/time";

/** ParseContext plus the node's time facts; ingest passes it where the registry passes ParseContext. */
export interface LogParseContext extends ParseContext {
  time?: TimeContext;
}

export interface LogSinkOptions<R> {
  path: string;
  time?: TimeContext;
  /** Receive each record as soon as it is complete; the sink then keeps no records. */
  onRecord?: (record: R) => void;
  /** Cap on kept warnings and on kept unparsed lines (each); default 1000. */
  maxIssues?: number;
}

export interface StreamResult<R> extends ParseResult<R> {
  /** Records produced, also when they went to onRecord and `records` is empty. */
  recordCount: number;
}

export interface RecordSink<R> extends LineSink<R> {
  end(): StreamResult<R>;
}

/** A registry parser that also accepts the time context and always streams. */
export interface LogArtifactParser<R> extends ArtifactParser<R> {
  parse(text: string, ctx: LogParseContext): StreamResult<R>;
  stream(ctx: LogParseContext): RecordSink<R>;
}

/** Build the registry object from a sink factory: parse() is the sink fed from a string. */
export function logParser<R>(kind: string, create: (opts: LogSinkOptions<R>) => RecordSink<R>): LogArtifactParser<R> {
  return {
    kind,
    parse: (text, ctx) => runSink(create({ path: ctx.path, time: ctx.time }), text),
    stream: (ctx) => create({ path: ctx.path, time: ctx.time }),
  };
}

/** Messages longer than this are cut (a 5 MB line must not become a 5 MB timeline event). */
export const MAX_MESSAGE_CHARS = 64 * 1024;
const MAX_UNPARSED_TEXT = 500;

export class Collector<R> {
  readonly records: R[] = [];
  count = 0;
  private readonly warnings: ParseWarning[] = [];
  private readonly unparsed: UnparsedLine[] = [];
  private readonly once = new Set<string>();
  private dropped = 0;
  private readonly max: number;

  constructor(private readonly onRecord?: (record: R) => void, maxIssues = 1000) {
    this.max = maxIssues;
  }

  emit(record: R): void {
    this.count++;
    if (this.onRecord) this.onRecord(record);
    else this.records.push(record);
  }

  warn(message: string, line?: number): void {
    if (this.warnings.length >= this.max) return void this.dropped++;
    this.warnings.push(line === undefined ? { message } : { line, message });
  }

  /** One warning per key for the whole artifact (e.g. "no reference year"). */
  warnOnce(key: string, message: string, line?: number): void {
    if (this.once.has(key)) return;
    this.once.add(key);
    this.warn(message, line);
  }

  skip(line: number, text: string): void {
    if (this.unparsed.length >= this.max) return void this.dropped++;
    this.unparsed.push({ line, text: text.length > MAX_UNPARSED_TEXT ? `${text.slice(0, MAX_UNPARSED_TEXT)}…` : text });
  }

  result(notData?: ParseResult<R>["notData"]): StreamResult<R> {
    if (notData) return { records: [], warnings: [], unparsed: [], notData, recordCount: 0 };
    const warnings = this.dropped > 0 ? [...this.warnings, { message: `${this.dropped} further warnings/unparsed lines not kept` }] : this.warnings;
    return { records: this.records, warnings, unparsed: this.unparsed, recordCount: this.count };
  }
}

/** Cut an over-long message; the record says it was cut. */
export function clip(message: string): { message: string; truncated?: true } {
  return message.length > MAX_MESSAGE_CHARS ? { message: message.slice(0, MAX_MESSAGE_CHARS), truncated: true } : { message };
}

/** Set a record's message, clipped, with `truncated` when it was cut (message key first). */
export function setMessage(rec: { message: string; truncated?: true }, text: string): void {
  const msg = clip(text);
  rec.message = msg.message;
  if (msg.truncated) rec.truncated = true;
}

/**
 * Feed a whole text to a sink line by line (indexOf, no split: no array of millions of
 * strings). CR before LF is dropped; a final newline does not make an empty last line.
 */
export function runSink<R>(sink: RecordSink<R>, text: string): StreamResult<R> {
  let start = 0;
  let lineNo = 0;
  const n = text.length;
  while (start < n) {
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = n;
    lineNo++;
    sink.push(text.slice(start, nl), lineNo);
    start = nl + 1;
  }
  return sink.end();
}

/** Drop one trailing CR (CRLF files, or lines pushed by a caller that split on LF only). */
export function stripCr(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}
