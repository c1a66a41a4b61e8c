import Link from "next/link";
import { getBundleModelPieces } from "@/lib/queries/get-bundle-model";
import type { Flow, PcapSummary } from "@/lib/pcap/types";
import { artifactHref, fmtBytes, fmtUtc } from "@/app/_components/format";
import { FlowLadder } from "../_components/flow-ladder";
import { Section } from "../_components/section";
import { AnomalyGroupsTable } from "../_components/anomaly-groups-table";
import { attributedGroups } from "@/lib/model/attribute-captures";
import { requirePageCaller } from "@/lib/auth/caller";

const OUTCOME_CLASS: Record<string, string> = { refused: "text-red-600 font-semibold", unanswered: "text-red-600", reset: "text-orange-600", established: "text-emerald-600", closed: "text-zinc-500", midstream: "text-zinc-500" };

function asSummary(v: unknown): PcapSummary | null {
  return v && typeof v === "object" && Array.isArray((v as PcapSummary).flows) ? (v as PcapSummary) : null;
}

// Packets: per capture, anomalies and a flows table; ?c=&f= draws that flow's ladder.
export default async function PacketsPage({ params, searchParams }: { params: Promise<{ bundleId: string }>; searchParams: Promise<{ c?: string; f?: string }> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  const sp = await searchParams;
  const model = await getBundleModelPieces({ bundleId, keys: ["captures"] });
  const captures = model?.captures ?? [];
  if (captures.length === 0) return <p className="text-zinc-500" data-testid="no-captures">No captures in this bundle (collect with --pcap-seconds to include some).</p>;
  const ci = Math.min(captures.length - 1, Math.max(0, Number(sp.c ?? 0) || 0));
  const base = `/bundles/${encodeURIComponent(bundleId)}/packets`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-1 text-xs">
        {captures.map((c, i) => (
          <Link key={c.artifact} href={`${base}?c=${i}`} className={`rounded px-2 py-1 font-mono ${i === ci ? "bg-zinc-200 dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"}`}>
            {c.artifact} ({c.packets} packets)
          </Link>
        ))}
      </div>
      {captures.map((c, i) => {
        if (i !== ci) return null;
        const s = asSummary(c.summary);
        if (!s) return <p key={i} className="text-red-600">{c.error ?? "This capture could not be read."}</p>;
        const fi = sp.f !== undefined ? Number(sp.f) : s.flows.findIndex((f) => f.anomalyCount > 0);
        const flow: Flow | undefined = s.flows[fi >= 0 ? fi : 0];
        return (
          <div key={i} className="space-y-4">
            <p className="text-xs text-zinc-500">
              {s.format} · {s.linkTypes.join(", ")} · {s.packets} packets · {fmtBytes(s.bytes)} · {fmtUtc(s.firstTs, true)} → {fmtUtc(s.lastTs, true)} · {s.totalFlows} flows
              {s.error ? ` · read error at ${s.error.offset}: ${s.error.message}` : ""}{" "}
              <Link href={artifactHref(bundleId, c.artifact)} className="text-sky-700 hover:underline dark:text-sky-400">artifact</Link>
            </p>
            {attributedGroups(c).length > 0 && (
              <Section title={`Anomalies by endpoint (${attributedGroups(c).length} groups)`}>
                <div className="max-h-72 overflow-auto">
                  <AnomalyGroupsTable groups={attributedGroups(c)} />
                </div>
              </Section>
            )}
            {s.anomalies.length > 0 && (
              <Section title={`Anomalies (${s.anomalies.length})`}>
                <ul className="max-h-56 space-y-0.5 overflow-auto font-mono text-xs">
                  {s.anomalies.map((a, j) => (
                    <li key={j}>
                      <span className={a.severity === "high" ? "text-red-600" : a.severity === "medium" ? "text-amber-600" : "text-zinc-500"}>{a.kind}</span> {fmtUtc(a.ts, true)} {a.message}
                      {a.count > 1 ? ` ×${a.count}` : ""}
                    </li>
                  ))}
                </ul>
              </Section>
            )}
            <div className="grid gap-4 xl:grid-cols-[1fr_34rem]">
              <div className="max-h-[60vh] overflow-auto rounded border border-zinc-200 dark:border-zinc-800">
                <table className="w-full text-left font-mono text-xs" data-testid="flows-table">
                  <thead className="sticky top-0 bg-zinc-50 font-sans uppercase text-zinc-500 dark:bg-zinc-900">
                    <tr>
                      <th className="px-2 py-1">Flow</th>
                      <th className="px-2 py-1">Outcome</th>
                      <th className="px-2 py-1">Pkts →/←</th>
                      <th className="px-2 py-1">Anom.</th>
                    </tr>
                  </thead>
                  <tbody data-kbd-list>
                    {s.flows.map((f, j) => (
                      <tr key={j} data-kbd-item className={`border-t border-zinc-100 dark:border-zinc-800 ${flow === f ? "bg-sky-50 dark:bg-sky-950/40" : ""}`}>
                        <td className="px-2 py-0.5">
                          <Link href={`${base}?c=${i}&f=${j}`} className="text-sky-700 hover:underline dark:text-sky-400">
                            {f.proto} {f.src}:{f.sport} → {f.dst}:{f.dport}
                          </Link>
                        </td>
                        <td className={`px-2 py-0.5 ${OUTCOME_CLASS[f.outcome ?? ""] ?? ""}`}>{f.outcome ?? "—"}</td>
                        <td className="px-2 py-0.5 tabular-nums">
                          {f.packetsOut}/{f.packetsIn}
                        </td>
                        <td className="px-2 py-0.5 tabular-nums">{f.anomalyCount || ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {flow && (
                <Section title="Ladder">
                  <FlowLadder flow={flow} />
                  <p className="mt-2 text-[11px] text-zinc-500">
                    Drawn from the flow summary (counts per direction, outcome, handshake latency); MACs {flow.srcMacs.join(",")} → {flow.dstMacs.join(",")}.
                  </p>
                </Section>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
