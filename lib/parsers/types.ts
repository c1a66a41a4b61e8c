/**
 * The contract every artifact parser keeps (STYLE habits 7 and 8).
 *
 * A parser is pure: text in, typed records out. It never throws on bad input: lines it
 * cannot read go to `unparsed`, oddities to `warnings`, and output that is not data at all
 * ("command not found", "Permission denied", empty) is reported through `notData`.
 * Line numbers are 1-based and refer to the artifact text as stored in the bundle, so the
 * UI can open the artifact at the evidence line.
 */

export interface ParseContext {
  /** Path of the artifact inside the bundle, for messages only: parsers never read files. */
  path: string;
}

export interface ParseWarning {
  line?: number;
  message: string;
}

export interface UnparsedLine {
  line: number;
  text: string;
}

/** Why the text was not data at all. */
export type NotDataReason = "empty" | "command-not-found" | "permission-denied" | "no-such-file" | "error-text";

export interface ParseResult<R> {
  records: R[];
  warnings: ParseWarning[];
  unparsed: UnparsedLine[];
  notData?: { reason: NotDataReason; message: string };
}

/** Line range of the text a record came from (inclusive, 1-based). */
export interface SourceSpan {
  lineStart: number;
  lineEnd: number;
}

/**
 * A streaming parser for large line-oriented artifacts (journals, logs): lines are pushed
 * one by one so a multi-million-line journal never sits in memory as one string.
 */
export interface LineSink<R> {
  push(line: string, lineNo: number): void;
  end(): ParseResult<R>;
}

export interface ArtifactParser<R = unknown> {
  /** Abstract artifact kind id, e.g. "iptables-save" (see lib/parsers/index.ts). */
  kind: string;
  parse(text: string, ctx: ParseContext): ParseResult<R>;
  /** Present for parsers whose input can be large; same records as parse(). */
  stream?(ctx: ParseContext): LineSink<R>;
}
