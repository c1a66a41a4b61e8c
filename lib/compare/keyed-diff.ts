/**
 * The one diff every area uses: facts keyed by identity on each side; keys on one side only
 * are added/removed, keys on both with another value are changed. Repeated keys (the same
 * iptables rule twice in a chain) are paired in order, so a multiset diff falls out.
 */
import type { Change, SideFact } from "@/lib/compare/types";

export interface KeyedFact extends SideFact {
  /** The identity: equal keys are the same thing on both sides. */
  key: string;
  /** What is compared when the key is on both sides; facts with equal values are unchanged. Defaults to text. */
  value?: string;
  /** "packets bytes" for a rule with counters: how the counters moved is a change of its own. */
  counters?: string;
}

function group(facts: KeyedFact[]): Map<string, KeyedFact[]> {
  const out = new Map<string, KeyedFact[]>();
  for (const f of facts) {
    const list = out.get(f.key);
    if (list) list.push(f);
    else out.set(f.key, [f]);
  }
  return out;
}

const side = (f: KeyedFact): SideFact => (f.src ? { text: f.text, src: f.src } : { text: f.text });

/**
 * `onBoth` may turn a pair with equal values into a change of its own (counters that moved);
 * return null to keep it unchanged.
 */
export function keyedDiff(a: KeyedFact[], b: KeyedFact[], onBoth?: (x: KeyedFact, y: KeyedFact) => Change | null): Change[] {
  const ga = group(a);
  const gb = group(b);
  const out: Change[] = [];
  for (const [key, xs] of ga) {
    const ys = gb.get(key) ?? [];
    xs.forEach((x, i) => {
      const y = ys[i];
      if (!y) out.push({ kind: "removed", what: key, a: side(x) });
      else if ((x.value ?? x.text) !== (y.value ?? y.text)) out.push({ kind: "changed", what: key, a: side(x), b: side(y) });
      else {
        const c = onBoth?.(x, y);
        if (c) out.push(c);
      }
    });
    for (const y of ys.slice(xs.length)) out.push({ kind: "added", what: key, b: side(y) });
  }
  for (const [key, ys] of gb) if (!ga.has(key)) for (const y of ys) out.push({ kind: "added", what: key, b: side(y) });
  return out;
}
