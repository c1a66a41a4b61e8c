/**
 * The last step of the rules stage: cause chains and related findings. A rule states what
 * explains its finding (causedBy, by the explaining finding's id) when it knows the
 * direction; here every link is checked against the findings that exist, turned around into
 * `causes`, and findings that name one of the same specific things become `related`.
 */
import type { Finding } from "@/lib/rules/finding";

/** Findings listed as related, at most: the page shows them all. */
const MAX_RELATED = 20;
/** A value named by more findings than this is not specific enough to relate them (and would cost N² to join). */
const MAX_SHARING = 50;

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Entity values specific enough to join on: not the host netns, a common chain or a port. */
function joinKeys(f: Finding, hostNetns: ReadonlySet<number>): string[] {
  const e = f.entities;
  return [
    ...(e.ips ?? []).map((v) => `ip:${v}`),
    ...(e.macs ?? []).map((v) => `mac:${v.toLowerCase()}`),
    ...(e.pids ?? []).map((v) => `pid:${v}`),
    ...(e.mntns ?? []).map((v) => `mntns:${v}`),
    ...(e.paths ?? []).map((v) => `path:${v}`),
    ...(e.containers ?? []).map((v) => `container:${v}`),
    ...(e.services ?? []).map((v) => `service:${v}`),
    ...(e.netns ?? []).filter((n) => !hostNetns.has(n)).map((v) => `netns:${v}`),
  ];
}

export function linkFindings(findings: Finding[], hostNetns: ReadonlySet<number>): Finding[] {
  const ids = new Set(findings.map((f) => f.id));
  const causes = new Map<string, string[]>();
  for (const f of findings) {
    for (const c of new Set(f.causedBy ?? [])) if (ids.has(c) && c !== f.id) push(causes, c, f.id);
  }
  const byKey = new Map<string, string[]>();
  for (const f of findings) for (const k of new Set(joinKeys(f, hostNetns))) push(byKey, k, f.id);
  return findings.map((f) => {
    const causedBy = [...new Set(f.causedBy ?? [])].filter((c) => ids.has(c) && c !== f.id);
    const chained = new Set([...causedBy, ...(causes.get(f.id) ?? [])]);
    const related = new Set<string>();
    for (const k of joinKeys(f, hostNetns)) {
      const sharing = byKey.get(k) ?? [];
      if (sharing.length > MAX_SHARING) continue;
      for (const id of sharing) if (id !== f.id && !chained.has(id)) related.add(id);
    }
    const out: Finding = { ...f };
    delete out.causedBy;
    if (causedBy.length) out.causedBy = causedBy;
    if (causes.has(f.id)) out.causes = causes.get(f.id);
    if (related.size) out.related = [...related].slice(0, MAX_RELATED);
    return out;
  });
}

/**
 * The story one finding is part of, symptom first: the finding, what caused it, what caused
 * that, ... (the first cause at each step; cycles and depth are bounded).
 */
export function causeChain<F extends Pick<Finding, "id" | "causedBy">>(f: F, byId: ReadonlyMap<string, F>, maxDepth = 6): F[] {
  const chain = [f];
  const seen = new Set([f.id]);
  for (let cur = f; chain.length < maxDepth; ) {
    const next = cur.causedBy?.map((id) => byId.get(id)).find((x): x is F => !!x && !seen.has(x.id));
    if (!next) break;
    chain.push(next);
    seen.add(next.id);
    cur = next;
  }
  return chain;
}
