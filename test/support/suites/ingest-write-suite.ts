/**
 * The ingest job's write side against a real database (ingest-write.*.test.ts): generations,
 * batched timeline inserts, the one-transaction flip. The AnalysisResult here (as the outcome the analysis child sends) is a literal
 * value of the contract type, fed to the writers; no analyser is involved.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";
import type { Db } from "@/lib/db";
import { outcomeOf, type AnalysisOutcome } from "@/lib/ingest/analysis-outcome";
import type { NodeModel, TimelineEvent } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";

export interface IngestWriteDeps {
  db: () => Db;
  dataDir: () => string;
  begin: () => typeof import("@/lib/ingest/begin-ingest");
  finish: () => typeof import("@/lib/ingest/finish-ingest");
  timeline: () => typeof import("@/lib/ingest/timeline-writer");
  prune: () => typeof import("@/lib/ingest/prune-timeline-generations");
  storage: () => typeof import("@/lib/storage");
}

function result(findings: Finding[], complete = true): AnalysisOutcome {
  const model = {
    bundle: { host: "node-a", kernel: "5.14.0", collectedAt: "2026-11-20T10:00:00Z", nodeClock: null, utcOffsetSeconds: 0, collector: null, formatVersion: 1, uid: 0, root: true, osRelease: {}, bootTime: null },
    artifacts: [
      { path: "host/ip-addr.txt", kind: "ip_addr", sizeBytes: 12, records: 3, warnings: [{ line: 2, message: "odd line" }], unparsedLines: 1, error: null, netns: 4026531840 },
      { path: "host/broken.txt", kind: "sysctl", sizeBytes: 5, records: 0, warnings: [], unparsedLines: 0, error: "not data" },
    ],
    processes: [], namespaces: [], netns: [], mounts: [], containers: [], units: [], sysctls: {}, timeline: [], logSignals: [], captures: [],
    collection: { missingTools: ["conntrack"], limitations: [], failedCommands: [] },
    errors: [],
  } as unknown as NodeModel;
  return outcomeOf({ model, findings, notEvaluated: [{ ruleId: "r-x", reason: "no pcap" }], errors: complete ? [] : ["archive truncated at 1234"], complete });
}
const finding = (id: string, severity: Finding["severity"]): Finding => ({
  id, ruleId: id.split(":")[0]!, severity, title: `t ${id}`, explanation: "e", remediation: "r", references: [], entities: { ips: ["198.18.0.5"] },
  evidence: [{ artifact: "host/ip-addr.txt", lineStart: 2, lineEnd: 3, excerpt: "inet 198.18.0.5/24" }],
});

export function ingestWriteSuite(d: IngestWriteDeps) {
  let bundleId = "";
  beforeEach(async () => {
    await d.db().bundle.deleteMany({});
    bundleId = `iw${Date.now().toString(36)}`;
    await d.db().bundle.create({ data: { id: bundleId, caseId: "unfiled", sha256: bundleId, fileName: "b.tar.gz", sizeBytes: 10n } });
    const tmp = path.join(d.dataDir(), "orig.tmp");
    fs.writeFileSync(tmp, "archive bytes");
    await d.storage().blobStore.putOriginal(bundleId, tmp, "tar.gz");
  });

  it("writes timeline events in batches, keeping sub-millisecond order", async () => {
    const { generation } = await d.begin().beginIngest(bundleId);
    const w = d.timeline().createTimelineWriter(bundleId, { batchSize: 1000 });
    const ev = (i: number): TimelineEvent => ({ ts: `2026-11-20T10:00:00.${String(i % 1_000_000).padStart(6, "0")}Z`, source: "journal", label: "kubelet", text: `e${i}` });
    for (let i = 0; i < 2500; i += 100) await w.add(Array.from({ length: 100 }, (_, j) => ev(i + j)));
    await w.add([{ ts: "not a time", source: "log", label: "x", text: "dropped" }]);
    expect(await d.db().timelineEvent.count({ where: { bundleId } })).toBe(2000); // two full batches so far
    expect(await w.flush()).toEqual({ written: 2500, dropped: 1 });
    const last = await d.db().timelineEvent.findMany({ where: { bundleId }, orderBy: [{ ts: "desc" }, { tsMicros: "desc" }], take: 2 });
    expect(last.map((e) => [e.text, e.ts.toISOString(), e.tsMicros])).toEqual([["e2499", "2026-11-20T10:00:00.002Z", 499], ["e2498", "2026-11-20T10:00:00.002Z", 498]]);
    expect(generation).toBe(1);
    const odd: TimelineEvent = { ts: "2026-11-20T11:00:00Z", source: "log", severity: "high", label: "l'b", text: `quote ' "dq" \\ ; DROP TABLE x; ünï`, artifact: "logs/a'b.log", line: 42 };
    const w2 = d.timeline().createTimelineWriter(bundleId);
    await w2.add([odd]);
    await w2.flush();
    const rows = await d.db().timelineEvent.findMany({ where: { bundleId, text: { in: [odd.text, "e7"] } }, orderBy: { ts: "asc" } });
    expect(rows.map((r) => [r.severity, r.artifact, r.line, r.label, r.text])).toEqual([[null, null, null, "kubelet", "e7"], ["high", "logs/a'b.log", 42, "l'b", odd.text]]);
  });

  it("flips to ready in one transaction with findings, artifacts and summary", async () => {
    const { generation } = await d.begin().beginIngest(bundleId);
    const stored = new Map([["host/ip-addr.txt", (await d.storage().blobStore.putArtifact(bundleId, "host/ip-addr.txt", Buffer.from("a\nb\nc\n")))!]]);
    const r = result([finding("dup-ip:198.18.0.5", "critical"), finding("dup-ip:198.18.0.5", "critical"), finding("rp-filter:eth0", "medium")]);
    expect(await d.finish().finishIngest({ bundleId, generation, result: r, stored, events: { written: 7, dropped: 0 } })).toBe("ready");
    const b = await d.db().bundle.findUniqueOrThrow({ where: { id: bundleId } });
    expect(b).toMatchObject({ status: "ready", stage: "done", progress: 1, host: "node-a", kernel: "5.14.0", error: null });
    expect(b.collectedAt?.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(JSON.parse(b.severityCounts!)).toMatchObject({ critical: 2, medium: 1 });
    expect(JSON.parse(b.summaryJson!)).toMatchObject({ complete: true, notEvaluated: [{ ruleId: "r-x" }], counts: { artifacts: 2, artifactErrors: 1, timelineEvents: 7 } });
    const findings = await d.db().finding.findMany({ where: { bundleId }, orderBy: { severityRank: "asc" } });
    expect(findings.map((f) => [f.key, f.severityRank])).toEqual([["dup-ip:198.18.0.5", 0], ["rp-filter:eth0", 2]]);
    const arts = await d.db().artifact.findMany({ where: { bundleId }, orderBy: { path: "asc" } });
    expect(arts.map((a) => [a.path, a.lineCount, a.error, a.storageKey !== null, a.netns])).toEqual([
      ["host/broken.txt", 0, "not data", false, null],
      ["host/ip-addr.txt", 3, null, true, 4026531840n],
    ]);
  });

  it("marks an incomplete analysis partial, and a retry starts from nothing", async () => {
    const g1 = await d.begin().beginIngest(bundleId);
    await d.timeline().createTimelineWriter(bundleId).add([{ ts: "2026-11-20T10:00:00Z", source: "log", label: "l", text: "t" }]).then(() => undefined);
    await d.db().timelineEvent.create({ data: { bundleId, ts: new Date(), source: "log", label: "l", text: "half-written" } });
    expect(await d.finish().finishIngest({ bundleId, generation: g1.generation, result: result([finding("a:1", "low")], false), stored: new Map(), events: { written: 1, dropped: 0 } })).toBe("partial");
    expect(await d.db().bundle.findUniqueOrThrow({ where: { id: bundleId } })).toMatchObject({ status: "partial", error: "archive truncated at 1234" });
    await d.storage().blobStore.putModel(bundleId, { stale: true });
    const g2 = await d.begin().beginIngest(bundleId);
    expect(g2.generation).toBe(g1.generation + 1);
    expect(await d.db().bundle.findUniqueOrThrow({ where: { id: bundleId } })).toMatchObject({ status: "ingesting", progress: 0, error: null, timelineGeneration: -1, timelineState: "loading" });
    // The older run's timeline rows stay until pruned in batches, shown to no read meanwhile.
    // (the writer's one event is still in its buffer: only the half-written row is in.)
    expect(await d.db().timelineEvent.count({ where: { bundleId } })).toBe(1);
    expect(await d.prune().pruneTimelineGenerations(bundleId, g2.generation, { pauseMs: 0 })).toBe(1);
    expect(await d.db().timelineEvent.count({ where: { bundleId } })).toBe(0);
    expect(await d.db().finding.count({ where: { bundleId } })).toBe(0);
    expect(await d.db().artifact.count({ where: { bundleId } })).toBe(0);
    expect(await d.storage().blobStore.readModel(bundleId)).toBeNull();
    // The older run finishing late must not flip the newer run's bundle.
    expect(await d.finish().finishIngest({ bundleId, generation: g1.generation, result: result([]), stored: new Map(), events: { written: 0, dropped: 0 } })).toBe("superseded");
    expect((await d.db().bundle.findUniqueOrThrow({ where: { id: bundleId } })).status).toBe("ingesting");
  });

  it("refuses to ingest a deleted bundle permanently", async () => {
    await d.db().bundle.delete({ where: { id: bundleId } });
    await expect(d.begin().beginIngest(bundleId)).rejects.toMatchObject({ name: "PermanentJobError" });
  });
}

/** The whole ingest-write suite on one temp database (see ingest-write.*.test.ts). */
export function ingestWriteTests(title: string, create: () => Promise<TempDatabase>) {
  const env = withTempDatabase(create, async () => ({
    db: await import("@/lib/db"),
    begin: await import("@/lib/ingest/begin-ingest"),
    finish: await import("@/lib/ingest/finish-ingest"),
    timeline: await import("@/lib/ingest/timeline-writer"),
    prune: await import("@/lib/ingest/prune-timeline-generations"),
    storage: await import("@/lib/storage"),
  }));
  const m = env.mods;
  describe(title, () =>
    ingestWriteSuite({ db: () => m().db.db, dataDir: () => env.tmp().dataDir, begin: () => m().begin, finish: () => m().finish, timeline: () => m().timeline, prune: () => m().prune, storage: () => m().storage }),
  );
}
