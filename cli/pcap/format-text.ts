/** Readable text rendering of a PcapSummary for `netbundle pcap FILE`. */
import type { Flow, PcapSummary } from "@/lib/pcap/types";

const ep = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);

function flowLine(f: Flow): string {
  const hs = f.handshakeUs !== null ? ` ${f.outcome === "refused" ? "rst" : "syn-ack"} after ${f.handshakeUs} µs` : "";
  const extra = [f.retransmissions && `${f.retransmissions} retrans`, f.zeroWindows && `${f.zeroWindows} zero-win`, f.synCount > 1 && `${f.synCount} SYNs`].filter(Boolean).join(", ");
  return `  ${f.proto} ${ep(f.src, f.sport)} -> ${ep(f.dst, f.dport)}  ${f.outcome ?? "-"}  out ${f.packetsOut} pkts/${f.bytesOut} B, in ${f.packetsIn} pkts/${f.bytesIn} B${hs}${extra ? ` (${extra})` : ""}`;
}

export function formatPcapText(s: PcapSummary, opts: { flows?: number; anomalies?: number } = {}): string {
  const out: string[] = [];
  const c = s.counters;
  out.push(`${s.file}: ${s.format}, link ${s.linkTypes.join(", ") || "-"}`);
  out.push(`${s.packets} packets, ${s.bytes} bytes captured, ${s.firstTs ?? "-"} .. ${s.lastTs ?? "-"}`);
  out.push(`ipv4 ${c.ipv4}, ipv6 ${c.ipv6}, arp ${c.arp}; tcp ${c.tcp}, udp ${c.udp}, icmp ${c.icmp}; fragments ${c.fragments}, other ${c.other}`);
  const outcomes = Object.entries(s.outcomes).sort((a, b) => b[1] - a[1]);
  const dropped = s.droppedFlows ? `, ${s.droppedFlows} dropped from the table; of those kept` : "";
  out.push(`${s.totalFlows} flow${s.totalFlows === 1 ? "" : "s"}${dropped}: ${outcomes.map(([k, n]) => `${n} ${k}`).join(", ") || "-"}`);
  if (s.error) out.push(`ERROR at byte offset ${s.error.offset}: ${s.error.message} (packets before it are analysed)`);
  out.push("");
  const totals = Object.entries(s.anomalyTotals).map(([k, n]) => `${n} ${k}`).join(", ");
  out.push(`Anomalies: ${totals || "none"}`);
  if (s.anomalyGroups.some((g) => g.records > 1)) {
    out.push("By destination:");
    for (const g of s.anomalyGroups.slice(0, 15)) {
      const share = g.attempts > 0 ? ` of ${g.attempts} (${Math.round((100 * g.records) / g.attempts)}%)` : "";
      const lat = g.latencyUs ? `, p50 ${g.latencyUs.p50} µs p99 ${g.latencyUs.p99} µs` : "";
      const by = g.answeredBy.length ? `, by ${g.answeredBy.map((m) => `${m.mac}×${m.count}`).join(" ")}` : "";
      out.push(`  ${g.severity.toUpperCase().padEnd(6)} ${String(g.records).padStart(7)}${share} × ${g.kind} to ${g.proto} ${ep(g.dst, g.dport)}  (${g.firstTs} .. ${g.lastTs}${lat}${by})`);
    }
    out.push("Top anomalies:");
  }
  for (const a of s.anomalies.slice(0, opts.anomalies ?? 20)) {
    // Loopback frames carry an all-zero MAC: not worth printing.
    const mac = a.fromMac && a.fromMac !== "00:00:00:00:00:00" ? ` ${a.fromMac}` : "";
    const from = a.fromIp && (mac || a.kind === "icmp-unreachable") ? ` [from ${a.fromIp}${mac}]` : "";
    out.push(`  ${a.ts} ${a.severity.toUpperCase().padEnd(6)} ${a.message}${from}`);
  }
  const dup = Object.entries(s.macsByIp).filter(([, m]) => m.length > 1);
  if (dup.length) out.push("", "IPs answered for by several MACs:", ...dup.map(([ip, m]) => `  ${ip}: ${m.join(", ")}`));
  out.push("", `Flows (most anomalous first, ${Math.min(opts.flows ?? 30, s.flows.length)} of ${s.totalFlows}):`);
  for (const f of s.flows.slice(0, opts.flows ?? 30)) out.push(flowLine(f));
  return out.join("\n") + "\n";
}
