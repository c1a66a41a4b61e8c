import type { FlowPacket } from "@/lib/pcap/flow-packets";

/** One flow's packets as read from the capture (frame numbers are tshark's / Wireshark's). */
export function PacketList({ packets }: { packets: FlowPacket[] }) {
  return (
    <div className="max-h-96 overflow-auto">
      <table className="w-full whitespace-nowrap text-left font-mono text-xs" data-testid="packet-list">
        <thead className="sticky top-0 bg-zinc-50 font-sans uppercase text-zinc-500 dark:bg-zinc-900">
          <tr>
            <th className="px-2 py-1">Frame</th>
            <th className="px-2 py-1">Time (UTC)</th>
            <th className="px-2 py-1">Dir</th>
            <th className="px-2 py-1">Flags</th>
            <th className="px-2 py-1">Seq</th>
            <th className="px-2 py-1">Ack</th>
            <th className="px-2 py-1">Len</th>
            <th className="px-2 py-1">Frame B</th>
            <th className="px-2 py-1">MAC src → dst</th>
          </tr>
        </thead>
        <tbody>
          {packets.map((p) => (
            <tr key={p.frame} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="packet-row" data-frame={p.frame}>
              <td className="px-2 py-0.5 tabular-nums">{p.frame}</td>
              <td className="px-2 py-0.5 tabular-nums">{p.ts.slice(11, 26)}</td>
              <td className="px-2 py-0.5">{p.dir === "out" ? "→" : "←"}</td>
              <td className={`px-2 py-0.5 ${p.flags.includes("RST") ? "text-red-600" : ""}`}>{p.flags}</td>
              <td className="px-2 py-0.5 tabular-nums">{p.seq ?? ""}</td>
              <td className="px-2 py-0.5 tabular-nums">{p.ack ?? ""}</td>
              <td className="px-2 py-0.5 tabular-nums">{p.len}</td>
              <td className="px-2 py-0.5 tabular-nums">{p.wireLen}</td>
              <td className="px-2 py-0.5">
                {p.srcMac ?? "?"} → {p.dstMac ?? "?"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
