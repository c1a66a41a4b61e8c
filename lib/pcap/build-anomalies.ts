/**
 * Turns the flow table's end state into Anomaly records: one per flow and kind (not one per
 * packet), one per quoted flow for ICMP errors, one per IP answered for by several MACs.
 * A busy capture can hold tens of thousands of refused connections, so candidates are columns
 * of numbers (kind, severity, count, time, and the flow slot or event they come from), groups
 * are keyed by the numeric destination of IPv4 flows, and only the kept top N anomalies and
 * groups become text. (Closures and endpoint strings per candidate cost ~150 ms on 25k
 * refused flows.)
 */
import { O_REFUSED, O_RESET, O_UNANSWERED, type FlowStore } from "./flow-store";
import type { FlowTable, IcmpEvent, MacSeen } from "./flow-table";
import { isoUs, mac } from "./format";
import type { Anomaly, AnomalyGroup, AnomalyKind, FlowRef } from "./types";

const KINDS: readonly AnomalyKind[] = ["syn-refused", "syn-unanswered", "rst-midstream", "retransmissions", "zero-window", "icmp-unreachable", "duplicate-ip"];
const [K_REFUSED, K_UNANSWERED, K_RESET, K_RETRANS, K_ZEROWIN, K_ICMP, K_DUPIP] = [0, 1, 2, 3, 4, 5, 6];
/** Severity by rank: 0 is the most severe. */
const SEVS = ["high", "medium", "low"] as const;
const [HIGH, MEDIUM, LOW] = [0, 1, 2];

const ep = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);
const arrow = (f: { src: string; sport: number; dst: string; dport: number }) => `${ep(f.src, f.sport)} -> ${ep(f.dst, f.dport)}`;
const macOrNull = (m: number) => (m >= 0 ? mac(m) : null);
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
const icmpProto = (p: number): FlowRef["proto"] => (p === 6 ? "tcp" : p === 17 ? "udp" : p === 1 || p === 58 ? "icmp" : "other");

/** Candidates as parallel columns; `ref` is a flow slot, or an index into `icmp` / `dups`. */
class Candidates {
  kind: number[] = [];
  sev: number[] = [];
  count: number[] = [];
  us: number[] = [];
  ref: number[] = [];
  icmp: IcmpEvent[] = [];
  dups: { ip: string; list: [number, MacSeen][] }[] = [];

  push(kind: number, sev: number, count: number, us: number, ref: number): void {
    this.kind.push(kind);
    this.sev.push(sev);
    this.count.push(count);
    this.us.push(us);
    this.ref.push(ref);
  }

  get length(): number {
    return this.kind.length;
  }
}

function flowCandidates(st: FlowStore, i: number, out: Candidates): void {
  if (st.proto[i] !== 6) return;
  const o = st.outcomeCode(i);
  const retrans = st.retrans[i]!;
  const zeroWin = st.zeroWin[i]!;
  if (o === O_REFUSED) out.push(K_REFUSED, MEDIUM, st.synCount[i]!, st.rstUs[i]!, i);
  else if (o === O_UNANSWERED) out.push(K_UNANSWERED, HIGH, st.synCount[i]!, st.synUs[i]!, i);
  else if (o === O_RESET) out.push(K_RESET, MEDIUM, st.rstCount[i]!, st.rstUs[i]!, i);
  if (retrans > 0) out.push(K_RETRANS, retrans >= 10 ? MEDIUM : LOW, retrans, st.retransUs[i]!, i);
  if (zeroWin > 0) out.push(K_ZEROWIN, MEDIUM, zeroWin, st.zeroWinUs[i]!, i);
}

function tableCandidates(t: FlowTable, out: Candidates): void {
  for (const e of t.icmp.values()) {
    const admin = e.v6 ? e.code === 1 : e.code === 9 || e.code === 10 || e.code === 13;
    out.push(K_ICMP, admin ? HIGH : MEDIUM, e.count, e.us, out.icmp.push(e) - 1);
  }
  for (const [ip, macs] of t.macsByIp) {
    if (macs.size < 2) continue;
    const list = [...macs.entries()].sort((a, b) => a[1].firstUs - b[1].firstUs);
    out.push(K_DUPIP, HIGH, macs.size, list[1]![1].firstUs, out.dups.push({ ip, list }) - 1);
  }
}

/** The text part of candidate c (everything but kind, severity, ts and count). */
function describe(st: FlowStore, c: Candidates, n: number): Omit<Anomaly, "kind" | "severity" | "count" | "ts"> {
  const kind = c.kind[n]!;
  const i = c.ref[n]!;
  if (kind === K_ICMP) {
    const e = c.icmp[i]!;
    const admin = e.v6 ? e.code === 1 : e.code === 9 || e.code === 10 || e.code === 13;
    const what = admin ? "administratively prohibited" : e.v6 ? `code ${e.code}` : (["net", "host", "protocol", "port"][e.code] ?? `code ${e.code}`) + " unreachable";
    const proto = icmpProto(e.proto);
    return {
      fromIp: e.fromIp, fromMac: macOrNull(e.fromMac), icmpType: e.type, icmpCode: e.code, flow: { proto, src: e.src, sport: e.sport, dst: e.dst, dport: e.dport },
      message: `ICMP ${what} from ${e.fromIp} for ${proto} ${arrow(e)}`,
    };
  }
  if (kind === K_DUPIP) {
    const { ip, list } = c.dups[i]!;
    return {
      flow: null, fromIp: ip, fromMac: mac(list[1]![0]), macs: list.map(([m]) => mac(m)),
      message: `${ip} answered for by ${list.length} MACs (${list.map(([m, s]) => `${mac(m)} via ${s.how}`).join(", ")}): duplicate IP or a stale neighbour`,
    };
  }
  const f = { proto: "tcp" as const, ...st.ends(i) };
  const rst = st.rstAck(i) ? "RST,ACK" : "RST";
  const synCount = st.synCount[i]!;
  if (kind === K_REFUSED) {
    const latencyUs = Math.max(0, st.rstUs[i]! - st.lastSynUs[i]!);
    return { flow: f, fromIp: f.dst, fromMac: macOrNull(st.rstMac[i]!), latencyUs, message: `SYN ${arrow(f)} answered by ${rst} after ${latencyUs} µs (connection refused: nothing listening, or a REJECT rule)` };
  }
  if (kind === K_UNANSWERED) {
    const retries = synCount > 1 ? `, ${synCount - 1} retransmitted` : "";
    return { flow: f, fromIp: f.src, fromMac: macOrNull(st.mac0[i]!), message: `SYN ${arrow(f)} never answered (${plural(synCount, "SYN")}${retries}): dropped on the path or by a DROP rule` };
  }
  if (kind === K_RESET) {
    const from = st.rstDir(i) === 0 ? f.src : f.dst;
    return { flow: f, fromIp: from, fromMac: macOrNull(st.rstMac[i]!), message: `${arrow(f)} reset (${rst}) by ${from} after ${plural(st.pkts0[i]! + st.pkts1[i]! - 1, "packet")}` };
  }
  if (kind === K_RETRANS) return { flow: f, fromIp: null, fromMac: null, message: `${arrow(f)}: ${plural(st.retrans[i]!, "retransmitted segment")}` };
  return { flow: f, fromIp: null, fromMac: null, message: `${arrow(f)}: ${plural(st.zeroWin[i]!, "zero-window advertisement")} (receiver not reading)` };
}

interface Group {
  /** A candidate of the group: its destination is made into text only if the group is kept. */
  n: number;
  sev: number;
  records: number;
  count: number;
  first: number;
  last: number;
  /** Decisive-packet latencies (refused: last SYN -> RST), one per record that has one. */
  lat: number[];
  /** MAC that sent the decisive packet -> records (at most MAX_MACS kept). */
  macs: Map<number, number>;
}

const MAX_MACS = 4;

/** The MAC that sent candidate n's decisive packet (RST, ICMP error); -1 when none or unknown. */
function decisiveMac(st: FlowStore, c: Candidates, n: number): number {
  const kind = c.kind[n]!;
  if (kind === K_ICMP) return c.icmp[c.ref[n]!]!.fromMac;
  if (kind === K_REFUSED || kind === K_RESET) return st.rstMac[c.ref[n]!]!;
  return -1;
}

function bump(m: Map<number, number>, k: number, max: number): void {
  const v = m.get(k);
  if (v !== undefined) m.set(k, v + 1);
  else if (m.size < max) m.set(k, 1);
}

/**
 * Every candidate grouped by kind and destination. IPv4 flows key on kind * 2^48 + ip * 2^16 +
 * port (exact in a double); IPv6 flows and ICMP events on a string. The key spaces cannot
 * collide (an IPv6 text always has a colon), and groups stay in first-seen order for the sort.
 */
function groupByDest(st: FlowStore, c: Candidates): Group[] {
  const groups: Group[] = [];
  const byNum = new Map<number, Group>();
  const byText = new Map<string, Group>();
  for (let n = 0; n < c.length; n++) {
    const kind = c.kind[n]!;
    if (kind === K_DUPIP) continue;
    const i = c.ref[n]!;
    let g: Group | undefined;
    let num = -1;
    let text = "";
    if (kind === K_ICMP) {
      const e = c.icmp[i]!;
      text = `${kind}|${icmpProto(e.proto)}|${e.dst}|${e.dport}`;
    } else if (st.isV6(i)) text = `${kind}|tcp|${st.ends(i).dst}|${st.dport(i)}`;
    else num = kind * 2 ** 48 + st.dst4(i) * 65536 + st.dport(i);
    g = num >= 0 ? byNum.get(num) : byText.get(text);
    const us = c.us[n]!;
    if (g) {
      g.records++;
      g.count += c.count[n]!;
      if (us < g.first) g.first = us;
      if (us > g.last) g.last = us;
    } else {
      g = { n, sev: c.sev[n]!, records: 1, count: c.count[n]!, first: us, last: us, lat: [], macs: new Map() };
      groups.push(g);
      if (num >= 0) byNum.set(num, g);
      else byText.set(text, g);
    }
    if (kind === K_REFUSED) g.lat.push(Math.max(0, st.rstUs[i]! - st.lastSynUs[i]!));
    const m = decisiveMac(st, c, n);
    if (m >= 0) bump(g.macs, m, MAX_MACS);
  }
  return groups;
}

function groupDest(st: FlowStore, c: Candidates, n: number): [FlowRef["proto"], string, number] {
  const i = c.ref[n]!;
  if (c.kind[n] === K_ICMP) {
    const e = c.icmp[i]!;
    return [icmpProto(e.proto), e.dst, e.dport];
  }
  const e = st.ends(i);
  return ["tcp", e.dst, e.dport];
}

interface EndpointStat {
  flows: number;
  macs: Map<number, number>;
}

/**
 * Conversations to each kept group's endpoint (proto, responder ip:port) in the flow table,
 * and the MACs their responders answered from: the share of attempts and "answered by another
 * MAC" need them. One pass over the slots; only the wanted endpoints are counted.
 */
function endpointStats(t: FlowTable, ends: [FlowRef["proto"], string, number][]): Map<string, EndpointStat> {
  const out = new Map<string, EndpointStat>();
  for (const [proto, dst, dport] of ends) out.set(`${proto}|${dst}|${dport}`, { flows: 0, macs: new Map() });
  if (out.size === 0) return out;
  const st = t.store;
  const byNum = new Map<number, EndpointStat>();
  for (const [k, v] of out) {
    const [proto, dst, dport] = k.split("|") as [string, string, string];
    const p = proto === "tcp" ? 6 : proto === "udp" ? 17 : -1;
    const q = dst.split(".");
    if (p > 0 && q.length === 4) byNum.set(p * 2 ** 48 + (((+q[0]! << 24) >>> 0) + (+q[1]! << 16) + (+q[2]! << 8) + +q[3]!) * 65536 + +dport, v);
  }
  for (let i = 0; i < t.used; i++) {
    if (!t.holds(i)) continue;
    const p = st.proto[i]!;
    const e = st.isV6(i) ? out.get(`${p === 6 ? "tcp" : "udp"}|${st.ends(i).dst}|${st.dport(i)}`) : byNum.get(p * 2 ** 48 + st.dst4(i) * 65536 + st.dport(i));
    if (!e) continue;
    e.flows++;
    for (const m of st.macs(i, 1)) if (m !== 0) bump(e.macs, m, MAX_MACS);
  }
  return out;
}

/** Nearest-rank percentiles (the ceil(q·n)-th smallest) of a group's latencies; null when none. */
function percentiles(v: number[]): AnomalyGroup["latencyUs"] {
  if (v.length === 0) return null;
  const s = Float64Array.from(v).sort();
  const at = (q: number) => s[Math.max(0, Math.ceil(q * s.length) - 1)]!;
  return { n: s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1]! };
}

function macCounts(m: Map<number, number>): { mac: string; count: number }[] {
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, count]) => ({ mac: mac(k), count }));
}

/**
 * The top `max` anomalies (most severe, most frequent, earliest first), totals per kind, and
 * groups by destination. `flagged`: the slots that can have anomalies, in slot order (those of
 * anomalyCount > 0, when the caller has them already); every slot when absent.
 */
export function tableAnomalies(t: FlowTable, max: number, maxGroups = 100, flagged?: readonly number[]): { anomalies: Anomaly[]; totals: Partial<Record<AnomalyKind, number>>; groups: AnomalyGroup[] } {
  const st = t.store;
  const c = new Candidates();
  if (flagged) for (const i of flagged) flowCandidates(st, i, c);
  else for (let i = 0; i < t.used; i++) if (t.holds(i)) flowCandidates(st, i, c);
  tableCandidates(t, c);
  const totals: Partial<Record<AnomalyKind, number>> = {};
  for (let n = 0; n < c.length; n++) {
    const k = KINDS[c.kind[n]!]!;
    totals[k] = (totals[k] ?? 0) + 1;
  }
  // Sorts are stable: among equals, first seen first (index order), as before.
  const kept = groupByDest(st, c)
    .sort((a, b) => a.sev - b.sev || b.records - a.records || a.first - b.first)
    .slice(0, maxGroups);
  const ends = kept.map((g) => groupDest(st, c, g.n));
  const stats = endpointStats(t, ends);
  const groups = kept.map((g, k): AnomalyGroup => {
    const [proto, dst, dport] = ends[k]!;
    const e = stats.get(`${proto}|${dst}|${dport}`);
    return {
      kind: KINDS[c.kind[g.n]!]!, severity: SEVS[g.sev]!, proto, dst, dport, records: g.records, count: g.count, firstTs: isoUs(g.first), lastTs: isoUs(g.last),
      attempts: e?.flows ?? 0, latencyUs: percentiles(g.lat), answeredBy: macCounts(g.macs), endpointMacs: macCounts(e?.macs ?? new Map()),
    };
  });
  const order = Array.from({ length: c.length }, (_, n) => n);
  order.sort((a, b) => c.sev[a]! - c.sev[b]! || c.count[b]! - c.count[a]! || c.us[a]! - c.us[b]! || a - b);
  const anomalies = order.slice(0, max).map((n): Anomaly => ({ kind: KINDS[c.kind[n]!]!, severity: SEVS[c.sev[n]!]!, ts: isoUs(c.us[n]!), count: c.count[n]!, ...describe(st, c, n) }));
  return { anomalies, totals, groups };
}
