/**
 * Turns the flow table's end state into Anomaly records: one per flow and kind (not one per
 * packet), one per quoted flow for ICMP errors, one per IP answered for by several MACs.
 * A busy capture can hold tens of thousands of refused connections, so candidates are ranked
 * as numbers (severity, then count, then time) and only the kept top N become text.
 */
import type { FlowStore } from "./flow-store";
import type { FlowTable } from "./flow-table";
import { isoUs, mac } from "./format";
import type { Anomaly, AnomalyGroup, AnomalyKind, FlowRef } from "./types";

const RANK = { high: 0, medium: 1, low: 2 } as const;
type Sev = keyof typeof RANK;

interface Candidate {
  kind: AnomalyKind;
  sev: Sev;
  count: number;
  us: number;
  /** Destination for grouping, made on demand: [proto, dst, dport]. */
  dest: () => [FlowRef["proto"], string, number] | null;
  make: () => Omit<Anomaly, "kind" | "severity" | "count" | "ts">;
}

const ep = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);
const arrow = (f: { src: string; sport: number; dst: string; dport: number }) => `${ep(f.src, f.sport)} -> ${ep(f.dst, f.dport)}`;
const macOrNull = (m: number) => (m >= 0 ? mac(m) : null);
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

function flowCandidates(st: FlowStore, i: number, out: Candidate[]): void {
  if (st.proto[i] !== 6) return;
  const o = st.outcome(i);
  const retrans = st.retrans[i]!;
  const zeroWin = st.zeroWin[i]!;
  if (o !== "refused" && o !== "unanswered" && o !== "reset" && retrans === 0 && zeroWin === 0) return;
  const flow = () => ({ proto: "tcp" as const, ...st.ends(i) });
  const synCount = st.synCount[i]!;
  const rst = st.rstAck(i) ? "RST,ACK" : "RST";
  const dest = (): [FlowRef["proto"], string, number] => {
    const e = st.ends(i);
    return ["tcp", e.dst, e.dport];
  };
  const push = (kind: AnomalyKind, sev: Sev, count: number, us: number, make: Candidate["make"]) => out.push({ kind, sev, count, us, make, dest });
  if (o === "refused") {
    const latencyUs = Math.max(0, st.rstUs[i]! - st.lastSynUs[i]!);
    push("syn-refused", "medium", synCount, st.rstUs[i]!, () => {
      const f = flow();
      return { flow: f, fromIp: f.dst, fromMac: macOrNull(st.rstMac[i]!), latencyUs, message: `SYN ${arrow(f)} answered by ${rst} after ${latencyUs} µs (connection refused: nothing listening, or a REJECT rule)` };
    });
  } else if (o === "unanswered") {
    push("syn-unanswered", "high", synCount, st.synUs[i]!, () => {
      const f = flow();
      const retries = synCount > 1 ? `, ${synCount - 1} retransmitted` : "";
      return { flow: f, fromIp: f.src, fromMac: macOrNull(st.mac0[i]!), message: `SYN ${arrow(f)} never answered (${plural(synCount, "SYN")}${retries}): dropped on the path or by a DROP rule` };
    });
  } else if (o === "reset") {
    push("rst-midstream", "medium", st.rstCount[i]!, st.rstUs[i]!, () => {
      const f = flow();
      const from = st.rstDir(i) === 0 ? f.src : f.dst;
      return { flow: f, fromIp: from, fromMac: macOrNull(st.rstMac[i]!), message: `${arrow(f)} reset (${rst}) by ${from} after ${plural(st.pkts0[i]! + st.pkts1[i]! - 1, "packet")}` };
    });
  }
  if (retrans > 0) {
    push("retransmissions", retrans >= 10 ? "medium" : "low", retrans, st.retransUs[i]!, () => {
      const f = flow();
      return { flow: f, fromIp: null, fromMac: null, message: `${arrow(f)}: ${plural(retrans, "retransmitted segment")}` };
    });
  }
  if (zeroWin > 0) {
    push("zero-window", "medium", zeroWin, st.zeroWinUs[i]!, () => {
      const f = flow();
      return { flow: f, fromIp: null, fromMac: null, message: `${arrow(f)}: ${plural(zeroWin, "zero-window advertisement")} (receiver not reading)` };
    });
  }
}

function tableCandidates(t: FlowTable, out: Candidate[]): void {
  for (const e of t.icmp.values()) {
    const admin = e.v6 ? e.code === 1 : e.code === 9 || e.code === 10 || e.code === 13;
    const what = admin ? "administratively prohibited" : e.v6 ? `code ${e.code}` : (["net", "host", "protocol", "port"][e.code] ?? `code ${e.code}`) + " unreachable";
    const proto = e.proto === 6 ? "tcp" : e.proto === 17 ? "udp" : e.proto === 1 || e.proto === 58 ? "icmp" : "other";
    out.push({ kind: "icmp-unreachable", sev: admin ? "high" : "medium", count: e.count, us: e.us, dest: () => [proto, e.dst, e.dport], make: () => ({
      fromIp: e.fromIp, fromMac: macOrNull(e.fromMac), icmpType: e.type, icmpCode: e.code, flow: { proto, src: e.src, sport: e.sport, dst: e.dst, dport: e.dport },
      message: `ICMP ${what} from ${e.fromIp} for ${proto} ${arrow(e)}` }) });
  }
  for (const [ip, macs] of t.macsByIp) {
    if (macs.size < 2) continue;
    const list = [...macs.entries()].sort((a, b) => a[1].firstUs - b[1].firstUs);
    const second = list[1]!;
    out.push({ kind: "duplicate-ip", sev: "high", count: macs.size, us: second[1].firstUs, dest: () => null, make: () => ({
      flow: null, fromIp: ip, fromMac: mac(second[0]), macs: list.map(([m]) => mac(m)),
      message: `${ip} answered for by ${macs.size} MACs (${list.map(([m, s]) => `${mac(m)} via ${s.how}`).join(", ")}): duplicate IP or a stale neighbour` }) });
  }
}

/** The top `max` anomalies (most severe, most frequent, earliest first), totals per kind, and groups by destination. */
export function tableAnomalies(t: FlowTable, max: number, maxGroups = 100): { anomalies: Anomaly[]; totals: Partial<Record<AnomalyKind, number>>; groups: AnomalyGroup[] } {
  const cands: Candidate[] = [];
  for (const i of t.slots()) flowCandidates(t.store, i, cands);
  tableCandidates(t, cands);
  const totals: Partial<Record<AnomalyKind, number>> = {};
  const byDest = new Map<string, { g: AnomalyGroup; first: number; last: number }>();
  for (const c of cands) {
    totals[c.kind] = (totals[c.kind] ?? 0) + 1;
    const d = c.dest();
    if (!d) continue;
    const k = `${c.kind}|${d[0]}|${d[1]}|${d[2]}`;
    const e = byDest.get(k);
    if (e) (e.g.records++, (e.g.count += c.count), (e.first = Math.min(e.first, c.us)), (e.last = Math.max(e.last, c.us)));
    else byDest.set(k, { g: { kind: c.kind, severity: c.sev, proto: d[0], dst: d[1], dport: d[2], records: 1, count: c.count, firstTs: "", lastTs: "" }, first: c.us, last: c.us });
  }
  const groups = [...byDest.values()]
    .sort((a, b) => RANK[a.g.severity] - RANK[b.g.severity] || b.g.records - a.g.records || a.first - b.first)
    .slice(0, maxGroups)
    .map((e) => ({ ...e.g, firstTs: isoUs(e.first), lastTs: isoUs(e.last) }));
  cands.sort((a, b) => RANK[a.sev] - RANK[b.sev] || b.count - a.count || a.us - b.us);
  const anomalies = cands.slice(0, max).map((c): Anomaly => ({ kind: c.kind, severity: c.sev, ts: isoUs(c.us), count: c.count, ...c.make() }));
  return { anomalies, totals, groups };
}
