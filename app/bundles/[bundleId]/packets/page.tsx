import Link from "next/link";
import { getBundleModelPieces } from "@/lib/queries/get-bundle-model";
import { getFlowPackets } from "@/lib/queries/get-flow-packets";
import { listConversations } from "@/lib/queries/list-conversations";
import type { Flow, PcapSummary } from "@/lib/pcap/types";
import { artifactHref, fmtBytes, fmtUtc } from "@/app/_components/format";
import { FlowLadder } from "../_components/flow-ladder";
import { PacketList } from "../_components/packet-list";
import { RateHistogram } from "../_components/rate-histogram";
import { ConversationsTable } from "../_components/conversations-table";
import { Section } from "../_components/section";
import { AnomalyGroupsTable } from "../_components/anomaly-groups-table";
import { attributedGroups } from "@/lib/model/attribute-captures";
import { requirePageCaller } from "@/lib/auth/caller";

function asSummary(v: unknown): PcapSummary | null {
  return v && typeof v === "object" && Array.isArray((v as PcapSummary).flows) ? (v as PcapSummary) : null;
}

/** A query value as filter text: bounded, strings only (repeated parameters arrive as arrays). */
const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 100) : undefined);
const ep = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);

// Packets: per capture, the rate histogram, anomalies by endpoint, the conversations; ?c=&f= opens that flow's packets and ladder.
export default async function PacketsPage({ params, searchParams }: { params: Promise<{ bundleId: string }>; searchParams: Promise<{ c?: string; f?: string; ip?: string; port?: string; outcome?: string; netns?: string }> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  const sp = await searchParams;
  const model = await getBundleModelPieces({ bundleId, keys: ["captures", "netns", "namespaces"] as const });
  const captures = model?.captures ?? [];
  if (!model || captures.length === 0) return <p className="text-zinc-500" data-testid="no-captures">No captures in this bundle (collect with --pcap-seconds to include some).</p>;
  const ci = Math.min(captures.length - 1, Math.max(0, Number(sp.c ?? 0) || 0));
  const base = `/bundles/${encodeURIComponent(bundleId)}/packets`;
  const c = captures[ci]!;
  const s = asSummary(c.summary);
  const tabs = (
    <div className="flex flex-wrap gap-1 text-xs">
      {captures.map((x, i) => (
        <Link key={x.artifact} href={`${base}?c=${i}`} className={`rounded px-2 py-1 font-mono ${i === ci ? "bg-zinc-200 dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"}`}>
          {x.artifact} ({x.packets} packets)
        </Link>
      ))}
    </div>
  );
  if (!s)
    return (
      <div className="space-y-4">
        {tabs}
        <p className="text-red-600">{c.error ?? "This capture could not be read."}</p>
      </div>
    );
  const groups = attributedGroups(c);
  const conv = listConversations(model, s);
  const asked = sp.f !== undefined && /^\d+$/.test(sp.f) ? Number(sp.f) : -1;
  const fi = asked >= 0 && asked < s.flows.length ? asked : s.flows.findIndex((f) => f.anomalyCount > 0);
  const flow: Flow | undefined = s.flows[fi >= 0 ? fi : 0];
  const read = flow ? await getFlowPackets({ bundleId, artifact: c.artifact, flow }) : null;
  return (
    <div className="space-y-4">
      {tabs}
      <p className="text-xs text-zinc-500">
        {s.format} · {s.linkTypes.join(", ")} · {s.packets} packets · {fmtBytes(s.bytes)} · {fmtUtc(s.firstTs, true)} → {fmtUtc(s.lastTs, true)} · {s.totalFlows} flows
        {s.error ? ` · read error at ${s.error.offset}: ${s.error.message}` : ""}{" "}
        <Link href={artifactHref(bundleId, c.artifact)} className="text-sky-700 hover:underline dark:text-sky-400">artifact</Link>
      </p>
      {s.rates ? (
        <Section title="SYN, RST and retransmissions over time">
          <RateHistogram rates={s.rates} />
        </Section>
      ) : s.rates === undefined ? (
        <p className="text-xs text-zinc-500">This capture was analysed before rates were kept: re-analyse the bundle for the rate histogram.</p>
      ) : null}
      {groups.length > 0 && (
        <Section title={`Anomalies by endpoint (${groups.length} groups)`}>
          <div className="max-h-72 overflow-auto">
            <AnomalyGroupsTable groups={groups} endpointHref={(ip, port, outcome) => `${base}?${new URLSearchParams({ c: String(ci), ip, port: String(port), ...(outcome ? { outcome } : {}) })}#conversations`} />
          </div>
        </Section>
      )}
      {s.anomalies.length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-zinc-500">Single anomalies ({s.anomalies.length})</summary>
          <ul className="mt-1 max-h-56 space-y-0.5 overflow-auto font-mono">
            {s.anomalies.map((a, j) => (
              <li key={j}>
                <span className={a.severity === "high" ? "text-red-600" : a.severity === "medium" ? "text-amber-600" : "text-zinc-500"}>{a.kind}</span> {fmtUtc(a.ts, true)} {a.message}
                {a.count > 1 ? ` ×${a.count}` : ""}
              </li>
            ))}
          </ul>
        </details>
      )}
      <Section title="Conversations" testId="conversations-section">
        <div id="conversations" />
        {/* The filter in the URL (from an endpoint link) seeds the table; the key makes a new link re-seed it. */}
        <ConversationsTable key={`${sp.ip ?? ""}|${sp.port ?? ""}|${sp.outcome ?? ""}|${sp.netns ?? ""}`} rows={conv.rows} total={conv.total} hrefBase={`${base}?c=${ci}&f=`} selected={fi >= 0 ? fi : 0} initial={{ ip: str(sp.ip), port: str(sp.port), outcome: str(sp.outcome), netns: str(sp.netns) }} />
      </Section>
      {flow && (
        <div className="grid gap-4 xl:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]" id="flow">
          <Section title="Ladder">
            <div data-testid="flow-title" className="mb-1 font-mono text-xs">
              {flow.proto} {ep(flow.src, flow.sport)} → {ep(flow.dst, flow.dport)} · {flow.outcome ?? "udp"}
            </div>
            {read && "packets" in read ? <FlowLadder flow={flow} packets={read.packets} /> : <p className="text-xs text-red-600">Packets not readable: {read?.error}</p>}
          </Section>
          {read && "packets" in read && (
            <Section title={`Packets of this flow (${read.packets.length}${read.truncated ? "+, the first shown" : ""}; ${read.scanned} capture records read)`}>
              {read.error && <p className="text-xs text-red-600">capture damaged: {read.error}</p>}
              <PacketList packets={read.packets} />
            </Section>
          )}
        </div>
      )}
    </div>
  );
}
