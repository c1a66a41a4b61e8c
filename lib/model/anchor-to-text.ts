/**
 * The collector writes `ip -j` output on one line, so facts read from JSON would all cite
 * "line 1" of a one-line file. When the text form of the same command is in the bundle,
 * point each fact at its own line there instead: evidence a person can read.
 */
import type { SourceRef } from "@/lib/model/types";

/** Re-point `src` of each fact to the text-form fact with the same key, when there is one. */
export function anchorToText<T extends { src?: SourceRef }>(facts: T[], textFacts: T[], key: (f: T) => string): void {
  if (!textFacts.length) return;
  const byKey = new Map<string, SourceRef>();
  for (const f of textFacts) if (f.src && !byKey.has(key(f))) byKey.set(key(f), f.src);
  for (const f of facts) {
    const src = byKey.get(key(f));
    if (src) f.src = src;
  }
}
