/**
 * Which records of one log artifact need the full signal match: those with a raw line the
 * keyword worker flagged, or whose label could supply a keyword (raw-keyword-scan.ts
 * says why that is exact). Only for big plain-text logs: a worker costs a thread start, and
 * journal JSON/export messages are not substrings of their raw lines.
 */
import { buildKeywordTable, type KeywordTable } from "@/lib/stream/keyword-bytes";
import { KeywordScanWorker } from "@/lib/stream/keyword-scan-worker";
import type { BlockScan } from "@/lib/stream/line-splitter";
import { journalForm } from "@/lib/parsers/logs";
import type { SignalMatcher } from "@/lib/stream/signal-matcher";
import { LabelCheck, rawScanKeywords } from "@/lib/stream/raw-keyword-scan";

/** Below this a log is scanned inline: the worker would cost more than it saves. */
export const RAW_SCAN_MIN_BYTES = 8 * 1024 * 1024;
const RAW_SCAN_KINDS = new Set(["journal", "log", "dmesg"]);

export class KeywordLines implements BlockScan {
  /** Flagged lines no record has claimed yet, at most (a setting so tests can reach it). */
  static maxPendingFlags = 100_000;
  private readonly worker: KeywordScanWorker;
  private readonly labels: LabelCheck;
  /** Flagged line numbers not yet passed by a record, ascending. */
  private flagged: number[] = [];
  private head = 0;
  /** Decided on the first non-blank line for journals; text logs are always line-exact. */
  private exact: boolean | null;

  private constructor(table: KeywordTable, matcher: SignalMatcher, kind: string) {
    this.worker = new KeywordScanWorker(table);
    this.labels = new LabelCheck(matcher);
    this.exact = kind === "journal" ? null : true;
  }

  /** A KeywordLines for this artifact, or null when the inline scan must (or should) be used. */
  static for(kind: string, sizeBytes: number, matcher: SignalMatcher): KeywordLines | null {
    if (!RAW_SCAN_KINDS.has(kind) || sizeBytes < RAW_SCAN_MIN_BYTES) return null;
    const keywords = rawScanKeywords(matcher);
    const table = keywords && buildKeywordTable(keywords);
    if (!table) return null;
    try {
      return new KeywordLines(table, matcher, kind);
    } catch {
      return null; // no thread to be had (resource limits): the inline scan is still exact
    }
  }

  start(parts: Buffer[], encoding: BufferEncoding): Promise<Int32Array | null> {
    if (this.exact === null) {
      const total = parts.reduce((n, p) => n + p.length, 0);
      this.decide(Buffer.concat(parts, Math.min(total, 64 * 1024)).toString(encoding));
    }
    return this.exact ? this.worker.start(parts) : Promise.resolve(null);
  }

  /** Called for every line before the parser sees it. */
  line(lineNo: number, hit: boolean): void {
    if (!hit || this.exact === false) return;
    this.flagged.push(lineNo);
    // Flagged lines that no record claims (unparsed text full of keywords) must not pile up:
    // past a bound, stop narrowing and match every record (exact, just slower).
    if (this.flagged.length - this.head > KeywordLines.maxPendingFlags) {
      this.exact = false;
      this.flagged = [];
      this.head = 0;
      void this.worker.close();
    }
  }

  /** Whether the record on lines first..last with this label may match a signal. */
  mayMatch(first: number, last: number, label: string): boolean {
    if (this.exact === false) return true;
    const f = this.flagged;
    while (this.head < f.length && f[this.head]! < first) this.head++;
    if (this.head > 4096) (this.flagged = f.slice(this.head)), (this.head = 0);
    const hit = this.head < this.flagged.length && this.flagged[this.head]! <= last;
    return hit || this.labels.labelNeedsExactScan(label);
  }

  close(): Promise<void> {
    return this.worker.close();
  }

  private decide(text: string): void {
    const at = text.search(/\S/);
    if (at < 0) return; // only blank lines so far: every line counts as flagged meanwhile
    const start = text.lastIndexOf("\n", at) + 1;
    const end = text.indexOf("\n", at);
    this.exact = journalForm(text.slice(start, end < 0 ? text.length : end)) === "text";
    if (!this.exact) void this.worker.close();
  }
}
