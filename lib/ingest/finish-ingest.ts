import "server-only";
import { db } from "@/lib/db";
import type { AnalysisOutcome } from "./analysis-outcome";
import type { StoredArtifact } from "@/lib/storage";
import { SEVERITY_RANK } from "@/lib/rules/finding";
import { encodeArtifactWarnings } from "@/lib/db/rows/artifact";
import { encodeSeverityCounts, encodeSummary } from "@/lib/db/rows/bundle";
import { encodeFindingColumns } from "@/lib/db/rows/finding";
import { dateOrNull, severityCounts, summaryOf } from "./summarize-result";

const ROW_BATCH = 1000;
const ARTIFACT_BATCH = 500;

/**
 * Phase 1 of the two-phase ingest: writes artifacts (in batches), then findings and the flip
 * to ready/partial in ONE transaction, so a bundle is never seen with half its findings. The
 * timeline is still loading then (timelineState "loading", set by beginIngest); the loader's
 * last transaction flips that (lib/ingest/load). The flip is guarded by generation: if a
 * newer run began meanwhile (this one's lease was lost), no finding is written.
 */
export async function finishIngest(opts: {
  bundleId: string;
  generation: number;
  result: AnalysisOutcome;
  stored: Map<string, StoredArtifact>;
  events: { written: number; dropped: number };
}): Promise<"ready" | "partial" | "superseded"> {
  const { bundleId, generation, result } = opts;
  const status = result.complete && result.errors.length === 0 ? "ready" : "partial";
  // (bundleId, path) is unique: keep the first entry should a model list a path twice.
  const firstByPath = new Map<string, (typeof result.model.artifacts)[number]>();
  for (const a of result.model.artifacts) if (!firstByPath.has(a.path)) firstByPath.set(a.path, a);
  const uniqueArtifacts = [...firstByPath.values()];
  const artifactRows = uniqueArtifacts.map((a) => {
    const s = opts.stored.get(a.path);
    return {
      bundleId,
      path: a.path,
      kind: a.kind,
      sizeBytes: BigInt(a.sizeBytes),
      lineCount: s?.lineCount ?? 0,
      records: a.records,
      warnings: encodeArtifactWarnings(a.warnings),
      error: a.error,
      netns: a.netns === undefined ? null : BigInt(a.netns),
      storageKey: s?.storageKey ?? null,
    };
  });
  const seenPaths = new Set(artifactRows.map((r) => r.path));
  // Files stored for the viewer that the model does not list (no parser claimed them).
  for (const [p, s] of opts.stored) if (!seenPaths.has(p)) artifactRows.push({ bundleId, path: p, kind: null, sizeBytes: BigInt(s.sizeBytes), lineCount: s.lineCount, records: 0, warnings: null, error: null, netns: null, storageKey: s.storageKey });
  const seenKeys = new Set<string>();
  const findingRows = result.findings
    .filter((f) => !seenKeys.has(f.id) && seenKeys.add(f.id))
    .map((f) => ({
      bundleId,
      key: f.id,
      ruleId: f.ruleId,
      severity: f.severity,
      severityRank: SEVERITY_RANK[f.severity] ?? 4,
      title: f.title,
      explanation: f.explanation,
      remediation: f.remediation,
      ...encodeFindingColumns(f),
      ts: dateOrNull(f.ts),
    }));
  // Artifact rows first, in short batches of their own with a turn of the event loop between:
  // 100k rows in the one transaction held the database (and, through the query engine, this
  // process's loop) for 12 s, so every page waited (e2e/ingest-isolation.spec.ts). Like the
  // timeline rows they may be seen while the bundle is still ingesting, and beginIngest
  // deletes them on a retry. A newer run (generation) makes this one stop before its next batch.
  for (let i = 0; i < artifactRows.length; i += ARTIFACT_BATCH) {
    const cur = await db.bundle.findUnique({ where: { id: bundleId }, select: { generation: true, status: true } });
    if (cur?.generation !== generation || cur.status !== "ingesting") return "superseded";
    await db.artifact.createMany({ data: artifactRows.slice(i, i + ARTIFACT_BATCH) });
    await new Promise((r) => setImmediate(r));
  }
  const b = result.model.bundle;
  return db.$transaction(
    async (tx) => {
      const flip = await tx.bundle.updateMany({
        where: { id: bundleId, generation, status: "ingesting" },
        data: {
          status,
          stage: "done",
          progress: 1,
          error: status === "partial" ? result.errors.join("; ").slice(0, 2000) || "bundle incomplete" : null,
          host: b.host,
          kernel: b.kernel,
          collectedAt: dateOrNull(b.collectedAt),
          readyAt: new Date(),
          severityCounts: encodeSeverityCounts(severityCounts(result.findings)),
          summaryJson: encodeSummary(summaryOf(result, opts.events)),
        },
      });
      if (flip.count !== 1) return "superseded" as const;
      for (let i = 0; i < findingRows.length; i += ROW_BATCH) await tx.finding.createMany({ data: findingRows.slice(i, i + ROW_BATCH) });
      return status;
    },
    { timeout: 120_000 },
  );
}
