import "server-only";
import { db } from "@/lib/db";
import { decodeFindingLinks } from "@/lib/db/rows/finding";

export interface TLinkedFinding {
  key: string;
  title: string;
  severity: string;
}

export interface TCauseChain {
  /** This finding first, then what caused it, what caused that, ... (first cause at each step). */
  chain: TLinkedFinding[];
  /** The findings this one explains, and those naming the same things. */
  causes: TLinkedFinding[];
  related: TLinkedFinding[];
}

const MAX_DEPTH = 6;

// The story around one finding, read from the stored links (one small query per chain step).
export async function getCauseChain({ bundleId, key }: { bundleId: string; key: string }): Promise<TCauseChain> {
  const one = (k: string) => db.finding.findUnique({ where: { bundleId_key: { bundleId, key: k } }, select: { key: true, title: true, severity: true, links: true } });
  const self = await one(key);
  if (!self) return { chain: [], causes: [], related: [] };
  const links = decodeFindingLinks(self.links);
  const chain: TLinkedFinding[] = [{ key: self.key, title: self.title, severity: self.severity }];
  const seen = new Set([self.key]);
  let next = links.causedBy.find((k) => !seen.has(k));
  while (next && chain.length < MAX_DEPTH) {
    const f = await one(next);
    if (!f) break;
    chain.push({ key: f.key, title: f.title, severity: f.severity });
    seen.add(f.key);
    next = decodeFindingLinks(f.links).causedBy.find((k) => !seen.has(k));
  }
  const keys = [...new Set([...links.causes, ...links.related])];
  const rows = keys.length ? await db.finding.findMany({ where: { bundleId, key: { in: keys } }, select: { key: true, title: true, severity: true } }) : [];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const pick = (ks: string[]) => ks.flatMap((k) => byKey.get(k) ?? []);
  return { chain, causes: pick(links.causes), related: pick(links.related) };
}
