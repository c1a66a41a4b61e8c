/**
 * Turns the flow table's end state into Anomaly records: one per flow and kind (not one per
 * packet), one per quoted flow for ICMP errors, one per IP answered for by several MACs.
 * Sorted by severity then count; the caller keeps the top N.
 */
import type { FlowStore } from "./flow-store";
import type { FlowTable } from "./flow-table";
import { isoUs, mac } from "./format";
import type { Anomaly } from "./types";

const RANK = { high: 0, medium: 1, low: 2 } as const;

const ep = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);
const arrow = (f: { src: string; sport: number; dst: string; dport: number }) => `${ep(f.src, f.sport)} -> ${ep(f.dst, f.dport)}`;
const macOrNull = (m: number) => (m >= 0 ? mac(m) : null);

export function flowAnomalies(st: FlowStore, i: number, out: Anomaly[]): void {
  if (st.proto[i] !== 6) return;
  const o = st.outcome(i);
  const retrans = st.retrans[i]!;
  const zeroWin = st.zeroWin[i]!;
  if (o !== "refused" && o !== "unanswered" && o !== "reset" && retrans === 0 && zeroWin === 0) return;
  const f = st.ends(i);
  const ref = { proto: "tcp" as const, ...f };
  const synCount = st.synCount[i]!;
  const rst = st.rstAck(i) ? "RST,ACK" : "RST";
  if (o === "refused") {
    const latencyUs = Math.max(0, st.rstUs[i]! - st.lastSynUs[i]!);
    out.push({ kind: "syn-refused", severity: "medium", ts: isoUs(st.rstUs[i]!), flow: ref, count: synCount, fromIp: f.dst, fromMac: macOrNull(st.rstMac[i]!), latencyUs,
      message: `SYN ${arrow(f)} answered by ${rst} after ${latencyUs} µs (connection refused: nothing listening, or a REJECT rule)` });
  } else if (o === "unanswered") {
    out.push({ kind: "syn-unanswered", severity: "high", ts: isoUs(st.synUs[i]!), flow: ref, count: synCount, fromIp: f.src, fromMac: macOrNull(st.mac0[i]!),
      message: `SYN ${arrow(f)} never answered (${synCount} SYN${synCount > 1 ? `s, ${synCount - 1} retransmitted` : ""}): dropped on the path or by a DROP rule` });
  } else if (o === "reset") {
    const from = st.rstDir(i) === 0 ? f.src : f.dst;
    out.push({ kind: "rst-midstream", severity: "medium", ts: isoUs(st.rstUs[i]!), flow: ref, count: st.rstCount[i]!, fromIp: from, fromMac: macOrNull(st.rstMac[i]!),
      message: `${arrow(f)} reset (${rst}) by ${from} after ${st.pkts0[i]! + st.pkts1[i]! - 1} packets` });
  }
  if (retrans > 0) {
    out.push({ kind: "retransmissions", severity: retrans >= 10 ? "medium" : "low", ts: isoUs(st.retransUs[i]!), flow: ref, count: retrans, fromIp: null, fromMac: null,
      message: `${arrow(f)}: ${retrans} retransmitted segment${retrans > 1 ? "s" : ""}` });
  }
  if (zeroWin > 0) {
    out.push({ kind: "zero-window", severity: "medium", ts: isoUs(st.zeroWinUs[i]!), flow: ref, count: zeroWin, fromIp: null, fromMac: null,
      message: `${arrow(f)}: ${zeroWin} zero-window advertisement${zeroWin > 1 ? "s" : ""} (receiver not reading)` });
  }
}

export function tableAnomalies(t: FlowTable): Anomaly[] {
  const out: Anomaly[] = [];
  for (const i of t.slots()) flowAnomalies(t.store, i, out);
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
