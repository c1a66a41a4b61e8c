/**
 * Turns the flow table's end state into Anomaly records: one per flow and kind (not one per
 * packet), one per quoted flow for ICMP errors, one per IP answered for by several MACs.
 * Sorted by severity then count; the caller keeps the top N.
 */
import type { FlowState } from "./flow-state";
import type { FlowTable } from "./flow-table";
import { isoUs, mac } from "./format";
import type { Anomaly, FlowRef } from "./types";

const RANK = { high: 0, medium: 1, low: 2 } as const;

export function flowRef(f: FlowState): FlowRef {
  return { proto: f.proto === 6 ? "tcp" : "udp", src: f.src, sport: f.sport, dst: f.dst, dport: f.dport };
}

const ep = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);
const arrow = (f: { src: string; sport: number; dst: string; dport: number }) => `${ep(f.src, f.sport)} -> ${ep(f.dst, f.dport)}`;
const macOrNull = (m: number) => (m >= 0 ? mac(m) : null);

export function flowAnomalies(f: FlowState, out: Anomaly[]): void {
  if (f.proto !== 6) return;
  const ref = flowRef(f);
  const o = f.outcome();
  if (o === "refused") {
    const latencyUs = Math.max(0, f.rstUs - f.lastSynUs);
    out.push({ kind: "syn-refused", severity: "medium", ts: isoUs(f.rstUs), flow: ref, count: f.synCount, fromIp: f.dst, fromMac: macOrNull(f.rstMac), latencyUs,
      message: `SYN ${arrow(f)} answered by ${f.rstAck ? "RST,ACK" : "RST"} after ${latencyUs} µs (connection refused: nothing listening, or a REJECT rule)` });
  } else if (o === "unanswered") {
    out.push({ kind: "syn-unanswered", severity: "high", ts: isoUs(f.synUs), flow: ref, count: f.synCount, fromIp: f.src, fromMac: macOrNull(f.macs0[0] ?? -1),
      message: `SYN ${arrow(f)} never answered (${f.synCount} SYN${f.synCount > 1 ? `s, ${f.synCount - 1} retransmitted` : ""}): dropped on the path or by a DROP rule` });
  } else if (o === "reset") {
    const from = f.rstDir === 0 ? f.src : f.dst;
    out.push({ kind: "rst-midstream", severity: "medium", ts: isoUs(f.rstUs), flow: ref, count: f.rstCount, fromIp: from, fromMac: macOrNull(f.rstMac),
      message: `${arrow(f)} reset (${f.rstAck ? "RST,ACK" : "RST"}) by ${from} after ${f.pkts0 + f.pkts1 - 1} packets` });
  }
  if (f.retrans > 0) {
    out.push({ kind: "retransmissions", severity: f.retrans >= 10 ? "medium" : "low", ts: isoUs(f.retransUs), flow: ref, count: f.retrans, fromIp: null, fromMac: null,
      message: `${arrow(f)}: ${f.retrans} retransmitted segment${f.retrans > 1 ? "s" : ""}` });
  }
  if (f.zeroWin > 0) {
    out.push({ kind: "zero-window", severity: "medium", ts: isoUs(f.zeroWinUs), flow: ref, count: f.zeroWin, fromIp: null, fromMac: null,
      message: `${arrow(f)}: ${f.zeroWin} zero-window advertisement${f.zeroWin > 1 ? "s" : ""} (receiver not reading)` });
  }
}

export function tableAnomalies(t: FlowTable, flows: Iterable<FlowState>): Anomaly[] {
  const out: Anomaly[] = [];
  for (const f of flows) flowAnomalies(f, out);
  for (const e of t.icmp.values()) {
    const admin = e.v6 ? e.code === 1 : e.code === 9 || e.code === 10 || e.code === 13;
    const what = admin ? "administratively prohibited" : e.v6 ? `code ${e.code}` : (["net", "host", "protocol", "port"][e.code] ?? `code ${e.code}`) + " unreachable";
    const proto = e.proto === 6 ? "tcp" : e.proto === 17 ? "udp" : e.proto === 1 || e.proto === 58 ? "icmp" : "other";
    out.push({ kind: "icmp-unreachable", severity: admin ? "high" : "medium", ts: isoUs(e.us), count: e.count, fromIp: e.fromIp, fromMac: macOrNull(e.fromMac),
      icmpType: e.type, icmpCode: e.code, flow: { proto, src: e.src, sport: e.sport, dst: e.dst, dport: e.dport },
      message: `ICMP ${what} from ${e.fromIp} for ${proto} ${arrow(e)}` });
  }
  for (const [ip, macs] of t.macsByIp) {
    if (macs.size < 2) continue;
    const list = [...macs.entries()].sort((a, b) => a[1].firstUs - b[1].firstUs);
    const second = list[1]!;
    out.push({ kind: "duplicate-ip", severity: "high", ts: isoUs(second[1].firstUs), flow: null, count: macs.size, fromIp: ip, fromMac: mac(second[0]),
      macs: list.map(([m]) => mac(m)),
      message: `${ip} answered for by ${macs.size} MACs (${list.map(([m, s]) => `${mac(m)} via ${s.how}`).join(", ")}): duplicate IP or a stale neighbour` });
  }
  return out.sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.count - a.count || a.ts.localeCompare(b.ts));
}
