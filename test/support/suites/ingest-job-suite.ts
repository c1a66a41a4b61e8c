/**
 * The ingest job end to end with the real analyser (lib/analyze/analyze-bundle.ts) on a
 * real database: upload → queue → worker → rows, blobs and status; crash recovery; failure
 * and retry. Run by ingest-job.sqlite.test.ts and ingest-job.pg.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";
import { queueProbe } from "@/test/support/queue-probe";
import type { Db } from "@/lib/db";
import { makeTestBundle } from "../bundles/make-test-bundle";
import { childrenRunning } from "@/test/support/child-processes";

export const ANALYZER_FILE = path.resolve(__dirname, "../../../lib/analyze/analyze-bundle.ts");

export function assertAnalyzerPresent(): void {
  if (!fs.existsSync(ANALYZER_FILE)) {
    throw new Error("lib/analyze/analyze-bundle.ts does not exist yet (the analysis entry point, another engineer's work): the ingest job cannot run, so these tests fail until it lands");
  }
}

export interface IngestJobDeps {
  db: () => Db;
  dataDir: () => string;
  create: () => typeof import("@/lib/commands/create-bundle-from-upload");
  retry: () => typeof import("@/lib/commands/retry-bundle");
  worker: () => typeof import("@/lib/jobs/worker");
  registry: () => typeof import("@/lib/jobs/registry");
  specs: () => typeof import("@/lib/jobs/job-specs");
  queue: () => typeof import("@/lib/jobs/queue");
  begin: () => typeof import("@/lib/ingest/begin-ingest");
  storage: () => typeof import("@/lib/storage");
}

const JOURNAL_LINES = 3000;


export function ingestJobSuite(d: IngestJobDeps) {
  const upload = async (file: string) => {
    const r = await d.create().createBundleFromUpload({ body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, fileName: path.basename(file), caseId: "unfiled" });
    if (!r.id) throw new Error(`unexpected duplicate of ${r.duplicateOf}`);
    return r.id;
  };
  const run = (workerId = "test-worker") => d.worker().runNextJob({ jobs: d.registry().JOBS, workerId, backoff: { baseMs: 0, maxMs: 0 }, sweepMs: 0 });
  let bundlesDir = "";
  beforeAll(() => {
    bundlesDir = path.join(d.dataDir(), "fixtures");
    fs.mkdirSync(bundlesDir, { recursive: true });
  });

  it("ingests an uploaded bundle through the queue: events, artifacts, model, status", async () => {
    const id = await upload(makeTestBundle(bundlesDir, { journalLines: JOURNAL_LINES, host: "node-one" }));
    expect((await run())?.outcome).toBe("done");
    const b = await d.db().bundle.findUniqueOrThrow({ where: { id } });
    expect(["ready", "partial"]).toContain(b.status);
    expect(b).toMatchObject({ host: "node-one", progress: 1, generation: 1 });
    expect(await d.db().timelineEvent.count({ where: { bundleId: id, artifact: "logs/journal/kubelet.txt" } })).toBe(JOURNAL_LINES);
    const journal = await d.db().artifact.findFirstOrThrow({ where: { bundleId: id, path: "logs/journal/kubelet.txt" } });
    expect(journal.lineCount).toBe(JOURNAL_LINES);
    const page = await d.storage().blobStore.readArtifactLines(id, journal.storageKey!, { start: JOURNAL_LINES - 1, count: 10 });
    expect(page.lines).toHaveLength(2);
    expect(page.lines[1]).toContain(`event ${JOURNAL_LINES - 1} pod sandbox changed`);
    const model = await d.storage().blobStore.readModel<{ bundle: { host: string } }>(id);
    expect(model?.bundle.host).toBe("node-one");
  });

  it("registers every job spec with a lazily loaded handler of that name and schema", async () => {
    const { JOB_SPECS } = d.specs();
    const jobs: Record<string, () => Promise<{ name: string; schema: unknown; maxAttempts: number }>> = d.registry().JOBS;
    expect(Object.keys(jobs).sort()).toEqual(Object.keys(JOB_SPECS).sort());
    for (const [name, spec] of Object.entries(JOB_SPECS)) {
      const def = await jobs[name]!();
      expect([def.name, def.schema, def.maxAttempts]).toEqual([name, spec.schema, spec.maxAttempts]);
    }
  });

  it("recovers an ingest whose worker died: stale lease, half-written rows gone", async () => {
    const id = await upload(makeTestBundle(bundlesDir, { journalLines: 500, host: "node-crash" }));
    const claimed = await (await d.queue().queueBackend()).claim("dead-worker", ["ingest-bundle"], 60_000);
    expect(claimed).not.toBeNull();
    const dead = await d.begin().beginIngest(id); // the dead run had started writing...
    await d.db().timelineEvent.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({ bundleId: id, generation: dead.generation, ts: new Date(), source: "log", label: "x", text: "half-written", artifact: "logs/journal/kubelet.txt", line: i + 1 })),
    });
    // ...and its timeline spool, which a killed process leaves in the data dir's tmp/.
    const staleSpool = path.join(d.dataDir(), "tmp", `timeline-${id}-${dead.generation}.spool`);
    fs.mkdirSync(path.dirname(staleSpool), { recursive: true });
    fs.writeFileSync(staleSpool, "half a spool");
    await queueProbe(d.db(), process.env.DATABASE_URL?.startsWith("postgres") ? "postgres" : "sqlite").expireLease(claimed!.id);
    const r = await run("rescuer");
    expect(fs.existsSync(staleSpool)).toBe(false);
    expect(fs.readdirSync(path.dirname(staleSpool)).filter((n) => n.endsWith(".spool"))).toEqual([]);
    expect(r).toMatchObject({ outcome: "done", job: { recovered: true, attempts: 2 } });
    expect(await d.db().timelineEvent.count({ where: { bundleId: id, text: "half-written" } })).toBe(0);
    expect(await d.db().timelineEvent.count({ where: { bundleId: id, artifact: "logs/journal/kubelet.txt" } })).toBe(500);
    expect((await d.db().bundle.findUniqueOrThrow({ where: { id } })).generation).toBe(2);
  });

  it("retries an ingest whose timeline load died after the findings were shown; no row twice", async () => {
    const lines = 20_000;
    const id = await upload(makeTestBundle(bundlesDir, { journalLines: lines, host: "node-phase2" }));
    let killed = 0;
    let statusAtKill = "";
    // SIGKILL the loader child (netbundle __timeline-load) as soon as it exists: phase 1 is committed by then.
    const killer = setInterval(() => {
      if (killed) return;
      const pid = childrenRunning("__timeline-load")[0];
      if (!pid) return;
      killed = pid;
      void d.db().bundle.findUniqueOrThrow({ where: { id } }).then((b) => {
        statusAtKill = `${b.status}/${b.timelineState}`;
        process.kill(pid, "SIGKILL");
      });
    }, 5);
    const first = await run();
    clearInterval(killer);
    expect(killed).toBeGreaterThan(0);
    expect(statusAtKill).toBe("ready/loading"); // the findings were shown, the timeline not yet
    expect(first?.outcome).toBe("retry");
    const mid = await d.db().bundle.findUniqueOrThrow({ where: { id } });
    expect(mid).toMatchObject({ status: "queued", stage: "retrying" });
    expect(mid.error).toMatch(/timeline load process ended without a result \(signal SIGKILL\)/);
    expect((await run())?.outcome).toBe("done");
    const b = await d.db().bundle.findUniqueOrThrow({ where: { id } });
    expect(b).toMatchObject({ status: "ready", generation: 2, timelineGeneration: 2, timelineState: "ready" });
    // Exactly the second run's rows: the first run's (if any got in) are pruned, nothing doubled.
    const total = await d.db().timelineEvent.count({ where: { bundleId: id } });
    expect(total).toBe(JSON.parse(b.summaryJson!).counts.timelineEvents);
    expect(await d.db().timelineEvent.count({ where: { bundleId: id, generation: 2 } })).toBe(total);
    const kubelet = await d.db().timelineEvent.findMany({ where: { bundleId: id, artifact: "logs/journal/kubelet.txt" }, select: { line: true } });
    expect(kubelet).toHaveLength(lines);
    expect(new Set(kubelet.map((r) => r.line)).size).toBe(lines);
    expect(await d.db().finding.count({ where: { bundleId: id } })).toBe(JSON.parse(b.summaryJson!).counts.findings);
  });

  it("fails an unreadable upload with its reason, and retry queues it again", async () => {
    const junk = path.join(bundlesDir, "junk.tar.gz");
    fs.writeFileSync(junk, Buffer.from("this is not an archive at all\n".repeat(100)));
    const id = await upload(junk);
    for (let i = 0; i < 3; i++) {
      const r = await run();
      if (r?.outcome === "failed") break;
    }
    const b = await d.db().bundle.findUniqueOrThrow({ where: { id } });
    expect(b.status).toBe("failed");
    expect(b.error).toMatch(/unusable/);
    expect(b.error).not.toContain(d.dataDir());
    const again = await d.retry().retryBundle({ bundleId: id });
    expect(await d.queue().getJob(again.jobId)).toMatchObject({ status: "queued", attempts: 0 });
    expect((await d.db().bundle.findUniqueOrThrow({ where: { id } })).status).toBe("queued");
  });
}

/** The whole ingest-job suite on one temp database (see ingest-job.*.test.ts). */
export function ingestJobTests(title: string, create: () => Promise<TempDatabase>) {
  const env = withTempDatabase(
    () => (assertAnalyzerPresent(), create()),
    async () => ({
      db: await import("@/lib/db"),
      create: await import("@/lib/commands/create-bundle-from-upload"),
      retry: await import("@/lib/commands/retry-bundle"),
      worker: await import("@/lib/jobs/worker"),
      registry: await import("@/lib/jobs/registry"),
      specs: await import("@/lib/jobs/job-specs"),
      queue: await import("@/lib/jobs/queue"),
      begin: await import("@/lib/ingest/begin-ingest"),
      storage: await import("@/lib/storage"),
    }),
  );
  const m = env.mods;
  describe(title, () =>
    ingestJobSuite({
      db: () => m().db.db, dataDir: () => env.tmp().dataDir, create: () => m().create, retry: () => m().retry, worker: () => m().worker,
      registry: () => m().registry, specs: () => m().specs, queue: () => m().queue, begin: () => m().begin, storage: () => m().storage,
    }),
  );
}
