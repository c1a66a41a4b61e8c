/**
 * When may a keyword scan of the raw log lines stand in for the scan of each record's
 * "label: message" text (what matchSignals tests)? The raw scan is cheaper (it runs on whole
 * blocks, on another thread), but it must never miss a record the exact scan would keep.
 *
 * It cannot miss when
 * - every keyword is plain printable ASCII without `" \ / < > &`: a parser may hand on a
 *   message JSON-unescaped (a JSON log line), and those are the characters JSON writers
 *   escape; no keyword holds a newline, so joining continuation lines cannot form one;
 * - the message is made of substrings of the record's raw lines (true for journal text,
 *   syslog-style logs and dmesg; not for journal JSON/export, whose messages may be byte
 *   arrays: callers do not use the raw scan there);
 * - the label cannot supply a keyword: `labelNeedsExactScan` says when "label: " contains a
 *   keyword or ends with the start of one (a journal's "containerd.service: ..." label).
 */
import type { SignalMatcher } from "@/lib/stream/signal-matcher";

const PLAIN = /^[\x20-\x7e]+$/;
const ESCAPED_BY_JSON_WRITERS = /["\\/<>&]/;

function keywordsOf(matcher: SignalMatcher): string[] {
  return matcher.signals.flatMap((s) => s.keywords ?? []);
}

/** The keywords to look for in raw lines, or null when the raw scan is not safe. */
export function rawScanKeywords(matcher: SignalMatcher): string[] | null {
  if (!matcher.keywordScan) return null;
  const keywords = keywordsOf(matcher);
  return keywords.every((k) => PLAIN.test(k) && !ESCAPED_BY_JSON_WRITERS.test(k)) ? keywords : null;
}

/** Per-label answer, cached: a log has few distinct labels and millions of records. */
export class LabelCheck {
  private readonly keywords: string[];
  private readonly cache = new Map<string, boolean>();
  private lastLabel: string | null = null;
  private lastAnswer = true;

  constructor(private readonly matcher: SignalMatcher) {
    this.keywords = keywordsOf(matcher);
  }

  /** True when "label: " alone contains a keyword or could begin one that the message ends. */
  labelNeedsExactScan(label: string): boolean {
    // Consecutive records mostly share one label: a string compare beats hashing it each time.
    if (label === this.lastLabel) return this.lastAnswer;
    const v = this.answer(label);
    this.lastLabel = label;
    this.lastAnswer = v;
    return v;
  }

  private answer(label: string): boolean {
    let v = this.cache.get(label);
    if (v !== undefined) return v;
    const joint = `${label}: `;
    v = (this.matcher.keywordScan?.test(joint) ?? true) || this.keywords.some((k) => {
      for (let j = 1; j < k.length; j++) if (joint.endsWith(k.slice(0, j))) return true;
      return false;
    });
    if (this.cache.size < 10_000) this.cache.set(label, v);
    return v;
  }
}
