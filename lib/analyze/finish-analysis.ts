/**
 * After the rules: quote real artifact lines as evidence, tie capture anomalies to the
 * interfaces/netns that sent them (and to the duplicate-IP findings they prove), and put
 * process starts, netns names, capture anomalies and findings on the timeline.
 */
import { attributePcap, type NodeFacts, type PcapSummary } from "@/lib/pcap";
import type { NodeModel } from "@/lib/model/types";
import type { Finding, Severity } from "@/lib/rules/finding";
import { modelEvents } from "@/lib/model/build-model";
import { describeHolder } from "@/lib/model/lookup";
import type { ArtifactTexts } from "@/lib/analyze/artifact-texts";
import type { EventBatcher } from "@/lib/analyze/event-batcher";

function nodeFacts(model: NodeModel): NodeFacts {
  const holders: Record<number, string[]> = {};
  for (const ns of model.namespaces) {
    if (ns.type !== "net") continue;
    holders[ns.inode] = ns.holders.slice(0, 3).map(describeHolder);
  }
  return {
    interfaces: model.netns.flatMap((v) =>
      v.interfaces.map((i) => ({ netns: v.inode, ifname: i.name, mac: i.mac, addresses: v.addresses.filter((a) => a.ifname === i.name).map((a) => a.address) })),
    ),
    holders,
  };
}

function fillExcerpts(findings: Finding[], texts: ArtifactTexts): void {
  for (const f of findings) {
    for (const e of f.evidence) {
      if (e.quote) continue; // written as a quote on purpose (a log record: logs are streamed, not kept)
      const lines = texts.lines(e.artifact, e.lineStart, e.lineEnd);
      if (lines) e.excerpt = lines.join("\n");
      // The text was not kept (parse budget): the rule's own rendering stands, and says so.
      else if (e.lineStart > 0) e.quote = "summary";
    }
  }
}

/** Capture anomalies: attributed, on the timeline, and cited by the duplicate-IP findings. */
function attributeCaptures(model: NodeModel, findings: Finding[], events: EventBatcher): void {
  const facts = nodeFacts(model);
  for (const c of model.captures) {
    const summary = c.summary as PcapSummary;
    if (!summary?.anomalies) continue;
    const attribution = attributePcap(summary, facts);
    c.summary = { ...summary, attributed: attribution.anomalies };
    for (const a of attribution.anomalies) {
      events.add({ ts: a.ts, source: "pcap", severity: a.severity as Severity, label: a.kind, text: a.text, artifact: c.artifact });
      const ips = [a.fromIp, a.flow?.dst, a.flow?.src].filter((x): x is string => !!x);
      for (const f of findings) {
        if (f.ruleId !== "duplicate-ip" || !f.entities.ips?.some((ip) => ips.includes(ip))) continue;
        if (a.kind !== "syn-refused" && a.kind !== "duplicate-ip") continue;
        if (f.evidence.filter((e) => e.artifact === c.artifact).length >= 5) continue;
        // Captures have no lines: lineStart/lineEnd 0 mark "the capture as a whole"; the text says which packets.
        f.evidence.push({ artifact: c.artifact, lineStart: 0, lineEnd: 0, excerpt: a.text, quote: "summary" });
        f.explanation += `\nCapture ${c.artifact}: ${a.text}`;
        for (const p of a.from) if (!f.entities.netns?.includes(p.netns)) (f.entities.netns ??= []).push(p.netns);
      }
    }
  }
}

export async function finishAnalysis(opts: { model: NodeModel; findings: Finding[]; texts: ArtifactTexts; events: EventBatcher }): Promise<void> {
  const { model, findings, texts, events } = opts;
  fillExcerpts(findings, texts);
  attributeCaptures(model, findings, events);
  for (const e of modelEvents(model)) events.add(e);
  for (const f of findings) {
    const ev = f.evidence[0];
    if (f.ts) events.add({ ts: f.ts, source: "finding", severity: f.severity, label: f.ruleId, text: f.title, artifact: ev?.artifact, line: ev?.lineStart });
  }
  await events.flush();
}
