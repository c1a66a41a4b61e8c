/**
 * The job queue's behaviour, run by queue.sqlite.test.ts and queue.pg.test.ts against real
 * databases (the modules are imported after the temp database set the environment).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";
import { z } from "zod";
import type { Db } from "@/lib/db";

type Queue = typeof import("@/lib/jobs/queue");
type Worker = typeof import("@/lib/jobs/worker");
type Define = typeof import("@/lib/jobs/define-job");

export interface QueueSuiteDeps {
  db: () => Db;
  queue: () => Queue;
  worker: () => Worker;
  define: () => Define;
}

export function queueSuite(d: QueueSuiteDeps) {
  const calls: string[] = [];
  const failed: string[] = [];
  const mkJob = () =>
    d.define().defineJob({
      name: "test-echo",
      schema: z.object({ mode: z.enum(["ok", "throw", "permanent"]), tag: z.string() }),
      maxAttempts: 3,
      handle: async (p, ctx) => {
        calls.push(`${p.tag}:${ctx.attempt}`);
        if (p.mode === "throw") throw new Error(`boom ${p.tag}`);
        if (p.mode === "permanent") throw new (d.define().PermanentJobError)("cannot ever work");
      },
      onFailed: async (p, reason) => void failed.push(`${p.tag}:${reason}`),
    });
  const NO_BACKOFF = { baseMs: 0, maxMs: 0 };
  const registryOf = (job: ReturnType<typeof mkJob>) => ({ [job.name]: async () => job });

  beforeEach(async () => {
    calls.length = 0;
    failed.length = 0;
    await d.db().job.deleteMany({});
  });

  it("claims a job exactly once among racing workers", async () => {
    const job = mkJob();
    const { id } = await d.queue().enqueueSpec(job, { mode: "ok", tag: "a" });
    const claims = await Promise.all([1, 2, 3, 4, 5].map((i) => d.queue().claimNextJob(`w${i}`, 60_000)));
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ id, attempts: 1, recovered: false });
    const row = await d.db().job.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("running");
    expect(await d.queue().claimNextJob("w9", 60_000)).toBeNull();
  });

  it("keeps a live lease and hands a stale one (crashed worker) to another worker", async () => {
    const job = mkJob();
    const { id } = await d.queue().enqueueSpec(job, { mode: "ok", tag: "crash" });
    await d.queue().claimNextJob("dead-worker", 60_000);
    expect(await d.queue().heartbeat(id, "dead-worker")).toBe(true);
    expect(await d.queue().claimNextJob("w2", 60_000)).toBeNull();
    // The server died mid-ingest: its lease stops being renewed and ages past leaseMs.
    await d.db().job.update({ where: { id }, data: { lockedAt: new Date(Date.now() - 120_000) } });
    const r = await d.worker().runNextJob({ jobs: registryOf(job), workerId: "w2", leaseMs: 60_000 });
    expect(r).toMatchObject({ outcome: "done", job: { id, attempts: 2, recovered: true } });
    expect(calls).toEqual(["crash:2"]);
    expect(await d.queue().heartbeat(id, "dead-worker")).toBe(false);
    expect((await d.db().job.findUniqueOrThrow({ where: { id } })).status).toBe("done");
  });

  it("fails for good when the lease expired on the last attempt", async () => {
    const job = mkJob();
    const { id } = await d.queue().enqueueSpec(job, { mode: "ok", tag: "last" });
    await d.db().job.update({ where: { id }, data: { status: "running", attempts: 3, lockedBy: "gone", lockedAt: new Date(Date.now() - 600_000) } });
    const r = await d.worker().runNextJob({ jobs: registryOf(job), workerId: "w", leaseMs: 1_000 });
    expect(r?.outcome).toBe("failed");
    expect(calls).toEqual([]);
    expect(failed[0]).toMatch(/^last:.*lease expired/);
  });

  it("retries with exponential backoff, then fails for good and calls onFailed once", async () => {
    const q = d.queue();
    expect([1, 2, 3, 4].map((n) => q.backoffMs(n, { baseMs: 1000, maxMs: 5000 }))).toEqual([1000, 2000, 4000, 5000]);
    const job = mkJob();
    const { id } = await q.enqueueSpec(job, { mode: "throw", tag: "t" });
    const before = Date.now();
    const r1 = await d.worker().runNextJob({ jobs: registryOf(job), workerId: "w", backoff: { baseMs: 30_000, maxMs: 60_000 } });
    expect(r1?.outcome).toBe("retry");
    const row = await d.db().job.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "queued", attempts: 1, lockedBy: null, lastError: "boom t" });
    expect(row.runAfter.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    expect(await q.claimNextJob("w", 60_000)).toBeNull(); // not before its time
    await d.db().job.update({ where: { id }, data: { runAfter: new Date(Date.now() - 1) } });
    expect((await d.worker().runNextJob({ jobs: registryOf(job), workerId: "w", backoff: NO_BACKOFF }))?.outcome).toBe("retry");
    expect((await d.worker().runNextJob({ jobs: registryOf(job), workerId: "w", backoff: NO_BACKOFF }))?.outcome).toBe("failed");
    expect(calls).toEqual(["t:1", "t:2", "t:3"]);
    expect(failed).toEqual(["t:boom t"]);
    expect(await d.worker().runNextJob({ jobs: registryOf(job), workerId: "w" })).toBeNull();
  });

  it("fails an invalid payload or a permanent error at once, without retry", async () => {
    const job = mkJob();
    const bad = await d.db().job.create({ data: { name: "test-echo", payload: JSON.stringify({ mode: "nope" }) } });
    const r = await d.worker().runNextJob({ jobs: registryOf(job), workerId: "w" });
    expect(r).toMatchObject({ outcome: "failed", job: { id: bad.id, attempts: 1 } });
    expect((await d.db().job.findUniqueOrThrow({ where: { id: bad.id } })).lastError).toMatch(/invalid payload/);
    await d.queue().enqueueSpec(job, { mode: "permanent", tag: "p" });
    expect((await d.worker().runNextJob({ jobs: registryOf(job), workerId: "w" }))?.outcome).toBe("failed");
    expect(failed).toEqual(["p:cannot ever work"]);
    await expect(d.queue().enqueueSpec(job, { mode: "x" } as never)).rejects.toThrow();
  });

  it("enqueues by name, checking the payload against the job's schema without loading its handler", async () => {
    const { id } = await d.queue().enqueueJob("ingest-bundle", { bundleId: "b0123" });
    expect(await d.db().job.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "ingest-bundle", payload: '{"bundleId":"b0123"}', maxAttempts: 3, status: "queued" });
    await expect(d.queue().enqueueJob("ingest-bundle", { bundleId: "../etc" })).rejects.toThrow();
    await expect(d.queue().enqueueJob("no-such-job" as never, {} as never)).rejects.toThrow(/no job named/);
    await d.db().job.deleteMany({});
  });

  it("fails a job whose name is not registered, and retries one whose handler does not load", async () => {
    const job = mkJob();
    const stray = await d.queue().enqueueSpec(job, { mode: "ok", tag: "stray" });
    expect(await d.worker().runNextJob({ jobs: {}, workerId: "w" })).toMatchObject({ outcome: "failed", job: { id: stray.id } });
    expect((await d.db().job.findUniqueOrThrow({ where: { id: stray.id } })).lastError).toMatch(/no job named test-echo/);
    const broken = await d.queue().enqueueSpec(job, { mode: "ok", tag: "broken" });
    const loadFails = { [job.name]: async () => Promise.reject(new Error("module missing")) };
    expect(await d.worker().runNextJob({ jobs: loadFails, workerId: "w", backoff: NO_BACKOFF })).toMatchObject({ outcome: "retry", job: { id: broken.id } });
    expect((await d.worker().runNextJob({ jobs: registryOf(job), workerId: "w" }))?.outcome).toBe("done");
    expect(calls).toEqual(["broken:2"]);
  });

  it("runs queued jobs from the polling loop and stops cleanly", async () => {
    const job = mkJob();
    await d.queue().enqueueSpec(job, { mode: "ok", tag: "l1" });
    await d.queue().enqueueSpec(job, { mode: "ok", tag: "l2" });
    const w = d.worker().startWorker({ jobs: registryOf(job), pollMs: 20 });
    // Bounded wait (30 s) for a loaded CI machine; normally done in well under a second.
    for (let i = 0; i < 1500 && calls.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await w.stop();
    expect(calls).toEqual(["l1:1", "l2:1"]);
    expect(await d.db().job.count({ where: { status: "done" } })).toBe(2);
  });

  it("runs up to `concurrency` jobs at once, each exactly once", async () => {
    // Each job holds its slot until every slot is taken (or 10 s pass), so a worker that ran
    // fewer at once would leave the peak below 3 and the wait would time out.
    let running = 0;
    let peak = 0;
    let allInNow = () => {};
    const allIn = new Promise<void>((r) => (allInNow = r));
    const job = d.define().defineJob({
      name: "test-parallel",
      schema: z.object({ tag: z.string() }),
      handle: async (p) => {
        calls.push(p.tag);
        peak = Math.max(peak, ++running);
        if (running === 3) allInNow();
        await Promise.race([allIn, new Promise((r) => setTimeout(r, 10_000))]);
        running--;
      },
    });
    for (const tag of ["p1", "p2", "p3", "p4"]) await d.queue().enqueueSpec(job, { tag });
    const w = d.worker().startWorker({ jobs: { [job.name]: async () => job }, pollMs: 20, concurrency: 3 });
    for (let i = 0; i < 1500 && (await d.db().job.count({ where: { status: "done" } })) < 4; i++) await new Promise((r) => setTimeout(r, 20));
    await w.stop();
    expect(peak).toBe(3);
    expect(calls.sort()).toEqual(["p1", "p2", "p3", "p4"]);
    expect(await d.db().job.count({ where: { status: "done" } })).toBe(4);
  });
}

/** The whole queue suite on one temp database (see queue.*.test.ts). */
export function queueTests(title: string, create: () => Promise<TempDatabase>) {
  const env = withTempDatabase(create, async () => ({
    db: await import("@/lib/db"),
    queue: await import("@/lib/jobs/queue"),
    worker: await import("@/lib/jobs/worker"),
    define: await import("@/lib/jobs/define-job"),
  }));
  const m = env.mods;
  describe(title, () => queueSuite({ db: () => m().db.db, queue: () => m().queue, worker: () => m().worker, define: () => m().define }));
}
