/**
 * Log signals: rules declare, as data, which log lines they want to see (SignalSpec); the
 * stream stage compiles them once and matches every log record against them while the logs
 * stream past, so the rules later read LogSignals from the model and never see a raw line.
 */

export interface SignalSpec {
  id: string;
  /** A JavaScript regular expression; named groups become LogSignal.groups. */
  pattern: string;
  flags?: string;
  /** Literal words a matching line must hold: a cheap prefilter before the regex. */
  keywords?: string[];
  /**
   * Matches kept per bundle (default DEFAULT_SIGNAL_KEEP): a crash loop can log the same
   * error a million times. A rule that pairs lines (stop with stopped) asks for more.
   */
  keep?: number;
}

export const DEFAULT_SIGNAL_KEEP = 500;

export interface SignalMatch {
  id: string;
  groups: Record<string, string>;
  /** The signal's cap of kept matches. */
  keep: number;
}

export interface SignalMatcher {
  /** Every signal pattern, compiled once, with its keyword prefilter. */
  signals: { id: string; re: RegExp; keywords?: string[]; keep: number }[];
  /**
   * When every signal has keywords: all of them as one literal alternation, so the common
   * log line (no keyword at all) costs one scan instead of one substring test per keyword.
   */
  keywordScan: RegExp | null;
}

export function compileSignals(specs: readonly SignalSpec[]): SignalMatcher {
  const everyHasKeywords = specs.every((s) => s.keywords?.length);
  const literals = specs.flatMap((s) => s.keywords ?? []).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return {
    signals: specs.map((s) => ({ id: s.id, re: new RegExp(s.pattern, s.flags), keywords: s.keywords, keep: s.keep ?? DEFAULT_SIGNAL_KEEP })),
    keywordScan: everyHasKeywords && literals.length ? new RegExp(literals.join("|")) : null,
  };
}

/** Which declared log signals one log message matches, with their named groups. */
export function matchSignals(matcher: SignalMatcher, text: string): SignalMatch[] {
  if (matcher.keywordScan && !matcher.keywordScan.test(text)) return [];
  const out: SignalMatch[] = [];
  for (const s of matcher.signals) {
    if (s.keywords && !s.keywords.some((k) => text.includes(k))) continue;
    const m = s.re.exec(text);
    if (!m) continue;
    const groups: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = v;
    out.push({ id: s.id, groups, keep: s.keep });
  }
  return out;
}
