import type { AttributedGroup } from "@/lib/pcap";
import { fmtUtc } from "@/app/_components/format";

const ep = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);
const SEV_CLASS: Record<string, string> = { high: "text-red-600", medium: "text-amber-600", low: "text-zinc-500" };

/** Expert-info style: one row per anomaly kind × server endpoint (older summaries lack attempts/MACs: shown as —). */
/** Which conversations a group is about: the outcome its kind means, when it is one. */
const KIND_OUTCOME: Record<string, string> = { "syn-refused": "refused", "syn-unanswered": "unanswered", "rst-midstream": "reset", "icmp-unreachable": "icmp-rejected" };

/** endpointHref(ip, port, outcome?): where the endpoint's conversations are listed (omitted: plain text). */
export function AnomalyGroupsTable({ groups, endpointHref }: { groups: AttributedGroup[]; endpointHref?: (ip: string, port: number, outcome: string | null) => string }) {
  return (
    <table className="w-full text-left font-mono text-xs" data-testid="anomaly-groups">
      <thead className="font-sans uppercase text-zinc-500">
        <tr>
          <th className="px-2 py-1">Kind</th>
          <th className="px-2 py-1">Endpoint</th>
          <th className="px-2 py-1">Count</th>
          <th className="px-2 py-1">Share</th>
          <th className="px-2 py-1">First → last</th>
          <th className="px-2 py-1">Latency p50/p90/p99</th>
          <th className="px-2 py-1">Answered by</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g, k) => (
          <tr key={k} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="anomaly-group" data-kind={g.kind} data-endpoint={ep(g.dst, g.dport)}>
            <td className={`px-2 py-0.5 ${SEV_CLASS[g.severity] ?? ""}`}>{g.kind}</td>
            <td className="px-2 py-0.5">
              {g.proto}{" "}
              {endpointHref ? (
                <a href={endpointHref(g.dst, g.dport, KIND_OUTCOME[g.kind] ?? null)} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="group-endpoint-link">
                  {ep(g.dst, g.dport)}
                </a>
              ) : (
                ep(g.dst, g.dport)
              )}
            </td>
            <td className="px-2 py-0.5 tabular-nums" data-testid="group-records">{g.records}</td>
            <td className="px-2 py-0.5 tabular-nums">{g.attempts ? `${g.records}/${g.attempts} (${Math.round((100 * g.records) / g.attempts)}%)` : "—"}</td>
            <td className="px-2 py-0.5">{fmtUtc(g.firstTs, true)} → {fmtUtc(g.lastTs, true)}</td>
            <td className="px-2 py-0.5 tabular-nums">{g.latencyUs ? `${g.latencyUs.p50}/${g.latencyUs.p90}/${g.latencyUs.p99} µs` : "—"}</td>
            <td className="px-2 py-0.5">
              {(g.answeredBy ?? []).map((m, j) => {
                const at = g.answeredFrom?.[j]?.[0];
                return <div key={j}>{m.mac} ×{m.count}{at ? ` · ${at.ifname} in netns ${at.netns}` : ""}</div>;
              })}
              {(g.endpointMacs ?? []).length > 1 && <div className="text-zinc-500">endpoint answered by {(g.endpointMacs ?? []).map((m) => `${m.mac} ×${m.count}`).join(", ")}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
