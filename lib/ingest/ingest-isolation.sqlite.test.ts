/**
 * Ingest isolation (#15): the analysis runs in a child process with budgets, so a bundle that
 * makes it throw, exhausts its memory or crashes it fails (with the reason) while this
 * process — the server's, in production — and the queue go on. Real SQLite, real child
 * (bin/netbundle.mjs __ingest-child), real budgets set low for the test.
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createTempSqlite, withTempDatabase } from "@/test/support/db/temp-database";
import { makeTestBundle } from "@/test/support/bundles/make-test-bundle";
import { childrenRunning } from "@/test/support/child-processes";

vi.mock("server-only", () => ({}));

// A 3,000-line bundle peaks near 100 MiB RSS in the child; a 400,000-line journal (44 MiB,
// kept whole for the viewer) near 470 MiB (measured with the child's getrusage maxRSS).
const MEMORY_MIB = 160;

const env = withTempDatabase(
  async () => {
    const tmp = await createTempSqlite("nb-isolation-");
    process.env.NETBUNDLE_INGEST_MEMORY_MIB = String(MEMORY_MIB);
    return tmp;
  },
  async () => ({
    db: await import("@/lib/db"),
    create: await import("@/lib/commands/create-bundle-from-upload"),
    worker: await import("@/lib/jobs/worker"),
    registry: await import("@/lib/jobs/registry"),
    storage: await import("@/lib/storage"),
    child: await import("@/lib/ingest/child/run-analysis-child"),
  }),
);


describe("ingest isolation on SQLite", () => {
  let heavy = "";
  let made = 0;
  // A new host name each time: the same bytes twice would be refused as a duplicate upload.
  const small = () => makeTestBundle(path.join(env.tmp().dataDir, "fixtures"), { journalLines: 3000, host: `node-small-${++made}` });
  beforeAll(() => {
    heavy = makeTestBundle(path.join(env.tmp().dataDir, "fixtures"), { journalLines: 400_000, host: "node-heavy" });
  });
  const db = () => env.mods().db.db;
  const upload = async (file: string) => {
    const r = await env.mods().create.createBundleFromUpload({ body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, fileName: path.basename(file), caseId: "unfiled" });
    if (!r.id) throw new Error(`unexpected duplicate of ${r.duplicateOf}`);
    return r.id;
  };
  const run = () => env.mods().worker.runNextJob({ jobs: env.mods().registry.JOBS, workerId: "isolation-worker", backoff: { baseMs: 0, maxMs: 0 } });
  const ingestsFine = async () => {
    const id = await upload(small());
    expect((await run())?.outcome).toBe("done");
    expect((await db().bundle.findUniqueOrThrow({ where: { id } })).status).toBe("ready");
    expect(await db().timelineEvent.count({ where: { bundleId: id } })).toBeGreaterThanOrEqual(3000);
  };

  it("fails a bundle over the memory budget for good, with the reason; the next bundle ingests", async () => {
    const id = await upload(heavy);
    const r = await run();
    expect(r?.outcome).toBe("failed"); // at once: no retry of a bundle that cannot fit
    const b = await db().bundle.findUniqueOrThrow({ where: { id } });
    expect(b.status).toBe("failed");
    expect(b.error).toBe(`analysis exceeded its ${MEMORY_MIB} MiB memory budget`);
    expect(await db().job.findFirstOrThrow({ where: { id: Number(r!.job.id) } })).toMatchObject({ status: "failed", attempts: 1 });
    await ingestsFine();
  });

  it("fails a bundle whose analysis throws, with the reason; the next bundle ingests", async () => {
    const id = await upload(small());
    // The stored original is a directory: the archive reader throws EISDIR in the child.
    const original = (await env.mods().storage.blobStore.findOriginal(id))!;
    fs.rmSync(original);
    fs.mkdirSync(original);
    let r = await run();
    for (let i = 0; i < 3 && r?.outcome === "retry"; i++) r = await run();
    expect(r?.outcome).toBe("failed");
    const b = await db().bundle.findUniqueOrThrow({ where: { id } });
    expect(b.status).toBe("failed");
    expect(b.error).toMatch(/EISDIR/);
    expect(b.error).not.toContain(env.tmp().dataDir);
    await ingestsFine();
  });

  it("retries an ingest whose analysis process died (SIGKILL), then ingests it", async () => {
    const id = await upload(small());
    let killed = 0;
    const killer = setInterval(() => {
      for (const pid of childrenRunning("__ingest-child")) if (!killed) (process.kill(pid, "SIGKILL"), (killed = pid));
    }, 5);
    const first = await run();
    clearInterval(killer);
    expect(killed).toBeGreaterThan(0);
    expect(first?.outcome).toBe("retry");
    const b = await db().bundle.findUniqueOrThrow({ where: { id } });
    expect(b).toMatchObject({ status: "queued", stage: "retrying" });
    expect(b.error).toMatch(/analysis process ended without a result \(signal SIGKILL\)/);
    expect((await run())?.outcome).toBe("done");
    expect((await db().bundle.findUniqueOrThrow({ where: { id } })).status).toBe("ready");
  });

  it("kills an analysis over its CPU budget and says so", async () => {
    // Direct, with a one-second CPU budget: the heavy journal takes about 2 s of CPU.
    const dataDir = env.tmp().dataDir;
    const started = Date.now();
    const run = env.mods().child.runAnalysisChild(
      { bundleId: "cpubudget0", originalPath: heavy, storeMaxBytes: 64 << 20, timelineKeep: 100, spoolPath: path.join(dataDir, "tmp", "cpubudget0.spool") },
      { budgets: { memoryMiB: 2048, cpuSeconds: 1, wallSeconds: 600 }, onProgress: () => {}, onArtifact: () => {} },
    );
    await expect(run).rejects.toThrow("analysis exceeded its 1 s CPU budget");
    expect(Date.now() - started).toBeLessThan(60_000);
    fs.rmSync(path.join(dataDir, "bundles", "cpubudget0"), { recursive: true, force: true });
  });
});
