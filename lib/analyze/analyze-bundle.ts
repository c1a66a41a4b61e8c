/**
 * The one analysis pass (contract: lib/analyze/types.ts), in one-way stages:
 *   1. stream  (lib/stream)  archive → parsers, log signals the rules declared, captures
 *   2. model   (lib/model)   ParsedBundle → NodeModel, capture anomalies attributed
 *   3. rules   (lib/rules)   NodeModel → findings; nothing edits a finding afterwards
 *   4. excerpts              evidence lines quoted from the kept texts
 * then the model's and the findings' own events go on the timeline.
 */
import { buildModel, modelEvents } from "@/lib/model/build-model";
import type { NodeModel } from "@/lib/model/types";
import { loadRuleSet, runRules } from "@/lib/rules";
import type { Finding } from "@/lib/rules/finding";
import { andMore, capLines, MAX_COLLECTION_ITEMS } from "@/lib/stream/cap-list";
import type { EventBatcher } from "@/lib/stream/event-batcher";
import { compileSignals } from "@/lib/stream/signal-matcher";
import { streamBundle } from "@/lib/stream/stream-bundle";
import { fillExcerpts } from "@/lib/analyze/fill-excerpts";
import type { AnalysisResult, AnalyzeOptions } from "@/lib/analyze/types";

/** The manifest's collection facts are stored on the bundle and listed on its overview: capped. */
function capCollection(c: NodeModel["collection"]): void {
  c.missingTools = capLines(c.missingTools, MAX_COLLECTION_ITEMS);
  const failed = c.failedCommands.length - MAX_COLLECTION_ITEMS;
  c.limitations = capLines(c.limitations, MAX_COLLECTION_ITEMS);
  if (failed > 0) {
    c.failedCommands = c.failedCommands.slice(0, MAX_COLLECTION_ITEMS);
    c.limitations = [...c.limitations, andMore(failed, "failed commands not listed")];
  }
}

/** Model facts with a time (capture anomalies, process starts, netns names) and timed findings. */
async function addTimeline(model: NodeModel, findings: Finding[], events: EventBatcher): Promise<void> {
  for (const e of modelEvents(model)) events.add(e);
  for (const f of findings) {
    const ev = f.evidence[0];
    if (f.ts) events.add({ ts: f.ts, source: "finding", severity: f.severity, label: f.ruleId, text: f.title, artifact: ev?.artifact, line: ev?.lineStart });
  }
  await events.flush();
}

export async function analyzeBundle(filePath: string, opts: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const ruleSet = loadRuleSet();
  const streamed = await streamBundle(filePath, {
    ...opts,
    matcher: compileSignals(ruleSet.signals),
    onProgress: (fraction, message) => opts.onProgress?.({ stage: "reading", fraction: Math.min(0.85, fraction * 0.85), message }),
  });
  opts.onProgress?.({ stage: "model", fraction: 0.88, message: "building the node model" });
  const model = buildModel(streamed.parsed);
  opts.onProgress?.({ stage: "rules", fraction: 0.93, message: "running rules" });
  const { findings, notEvaluated } = runRules(model, ruleSet);
  fillExcerpts(findings, streamed.texts);
  await addTimeline(model, findings, streamed.events);
  capCollection(model.collection); // after the rules, which see every failed command
  opts.onProgress?.({ stage: "done", fraction: 1 });
  return { model, findings, notEvaluated, errors: streamed.errors, complete: streamed.complete };
}
