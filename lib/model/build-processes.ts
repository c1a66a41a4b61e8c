/**
 * The process table: ps rows joined with their namespaces (readlink /proc/PID/ns/*).
 * `orphan` marks processes reparented to PID 1 that init did not start itself: their
 * session leader is someone else (sid ≠ pid), i.e. they were started inside another
 * process's session whose parent died. Daemons that init starts are their own session
 * leaders. Runtime shims get a stricter check in lib/rules/netns-facts.ts.
 */
import type { NsLinkRecord } from "@/lib/parsers/host/ns-links";
import type { PsRecord } from "@/lib/parsers/host/ps";
import type { BundleInfo, Process } from "@/lib/model/types";
import { byKind, srcOf, type ParsedArtifact, type ParsedBundle } from "@/lib/stream/parsed-bundle";

const NS_KEYS = ["net", "mnt", "pid", "uts", "ipc", "user", "cgroup"] as const;
type NsKey = (typeof NS_KEYS)[number];

/** ps prints node-local times; turn "2026-11-23T12:37:52" into UTC with the bundle's offset. */
function startedAtUtc(local: string | undefined, info: BundleInfo): string | undefined {
  if (!local) return undefined;
  const ms = Date.parse(`${local}Z`);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms + (info.utcOffsetSeconds ?? 0) * 1000).toISOString();
}

export function buildProcesses(pb: ParsedBundle, info: BundleInfo, opts: { keepCollector?: boolean } = {}): Process[] {
  const psArt = bestPs(pb);
  const fill = psFieldsByPid(pb, psArt);
  const nsByPid = new Map<number, Process["ns"]>();
  for (const art of byKind<NsLinkRecord>(pb, "ns-links")) {
    for (const r of art.records) {
      if (!(NS_KEYS as readonly string[]).includes(r.type)) continue;
      const ns = nsByPid.get(r.pid) ?? {};
      ns[r.type as NsKey] = r.inode;
      nsByPid.set(r.pid, ns);
    }
  }
  const out: Process[] = [];
  for (const row of psArt?.records ?? []) {
    const r = { ...fill.get(row.pid), ...definedOnly(row) };
    const ppid = r.ppid ?? 0;
    const p: Process = {
      pid: r.pid,
      ppid,
      comm: r.comm ?? r.args?.split(/\s+/)[0]?.split("/").pop() ?? "?",
      args: r.args ?? r.comm ?? "",
      ns: nsByPid.get(r.pid) ?? {},
      orphan: ppid === 1 && r.pid !== 1 && r.sid !== undefined && r.sid !== r.pid && r.sid !== 0,
      src: srcOf(psArt!.info.path, r.line),
    };
    if (r.pgid !== undefined) p.pgid = r.pgid;
    if (r.sid !== undefined) p.sid = r.sid;
    if (r.uid !== undefined) p.uid = r.uid;
    if (r.user !== undefined) p.user = r.user;
    if (r.stat !== undefined) p.state = r.stat;
    const started = startedAtUtc(r.start?.local, info);
    if (started) p.startedAt = started;
    out.push(p);
  }
  return opts.keepCollector ? out : withoutCollector(out);
}

const FIELDS = ["ppid", "pgid", "sid", "uid", "user", "stat", "args", "start"] as const;
const definedOnly = (r: PsRecord): PsRecord => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as PsRecord;

/**
 * The ps listing the table is built from: ours is host/ps.txt. A sosreport has several
 * (ps auxwww, alxwww, -elfL, axo ...), some empty or unreadable: the one with the most
 * processes, then the most of the fields the model uses, wins.
 */
function bestPs(pb: ParsedBundle): ParsedArtifact<PsRecord> | undefined {
  const all = byKind<PsRecord>(pb, "ps");
  const host = all.find((a) => a.info.path.startsWith("host/"));
  if (host) return host;
  const score = (a: ParsedArtifact<PsRecord>) => {
    const first = a.records[0];
    return a.records.length * 16 + (first ? FIELDS.filter((f) => first[f] !== undefined).length : 0);
  };
  return all.reduce<ParsedArtifact<PsRecord> | undefined>((best, a) => (!best || score(a) > score(best) ? a : best), undefined);
}

/** Fields the chosen listing lacks (auxwww has no PPID), per PID from the other listings. */
function psFieldsByPid(pb: ParsedBundle, chosen: ParsedArtifact<PsRecord> | undefined): Map<number, Partial<PsRecord>> {
  const out = new Map<number, Partial<PsRecord>>();
  for (const a of byKind<PsRecord>(pb, "ps")) {
    if (a === chosen) continue;
    for (const r of a.records) {
      const have = out.get(r.pid) ?? {};
      for (const f of FIELDS) if (have[f] === undefined && r[f] !== undefined) (have as Record<string, unknown>)[f] = r[f];
      out.set(r.pid, have);
    }
  }
  return out;
}

/**
 * The collector's own processes (its shell, nsenter workers, ip, ss) are inside the very
 * namespaces it reads while it reads them. They are not part of the node: left in, they
 * would make a process-less leaked netns look occupied.
 */
export function collectorPids(processes: Process[]): Set<number> {
  const pids = new Set(processes.filter((p) => /netbundle-collect/.test(p.args)).map((p) => p.pid));
  let grew = pids.size > 0;
  while (grew) {
    grew = false;
    for (const p of processes) if (!pids.has(p.pid) && pids.has(p.ppid)) (pids.add(p.pid), (grew = true));
  }
  return pids;
}

function withoutCollector(processes: Process[]): Process[] {
  const skip = collectorPids(processes);
  return skip.size ? processes.filter((p) => !skip.has(p.pid)) : processes;
}

/** PIDs per namespace inode from ns-links (covers processes missing from ps). */
export function pidsByNamespace(pb: ParsedBundle): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const art of byKind<NsLinkRecord>(pb, "ns-links")) {
    for (const r of art.records) {
      const key = `${r.type}:${r.inode}`;
      const list = map.get(key) ?? [];
      if (!list.includes(r.pid)) list.push(r.pid);
      map.set(key, list);
    }
  }
  return map;
}
