/** Which declared log signals one log message matches, with their named groups. */
import type { RuleSet } from "@/lib/rules";

export interface SignalMatch {
  id: string;
  groups: Record<string, string>;
}

export function matchSignals(ruleSet: RuleSet, text: string): SignalMatch[] {
  if (ruleSet.keywordScan && !ruleSet.keywordScan.test(text)) return [];
  const out: SignalMatch[] = [];
  for (const s of ruleSet.signals) {
    if (s.keywords && !s.keywords.some((k) => text.includes(k))) continue;
    const m = s.re.exec(text);
    if (!m) continue;
    const groups: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = v;
    out.push({ id: s.id, groups });
  }
  return out;
}
