/**
 * The job queue's behaviour, run by queue.sqlite.test.ts (the Job table) and queue.pg.test.ts
 * (pg-boss) against real databases, through the same worker and enqueue code; the few places
 * where the two differ by design say so (probe.kind). The modules are imported after the temp
 * database set the environment.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";
import { queueProbe, type QueueProbe } from "@/test/support/queue-probe";
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
  probe: () => QueueProbe;
}

const waitFor = async (cond: () => Promise<boolean> | boolean, what: string) => {
  // Bounded (30 s) for a loaded CI machine; normally done in well under a second.
  for (let i = 0; i < 1500; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
};

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
  // sweepMs 0: pg-boss's sweep of dead workers' leases and its dead letters run before every claim.
  const run = (opts: Omit<Parameters<Worker["runNextJob"]>[0], "sweepMs">) => d.worker().runNextJob({ sweepMs: 0, ...opts });
  const claim = async (workerId: string, names: string[]) => (await d.queue().queueBackend()).claim(workerId, names, 60_000);
  const status = async (id: string) => (await d.queue().getJob(id))?.status;

  beforeEach(async () => {
    calls.length = 0;
    failed.length = 0;
    await d.probe().clear();
  });

  it("claims a job exactly once among racing workers", async () => {
    const job = mkJob();
    const { id } = await d.queue().enqueueSpec(job, { mode: "ok", tag: "a" });
    const claims = await Promise.all([1, 2, 3, 4, 5].map((i) => claim(`w${i}`, [job.name])));
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ id, attempts: 1, maxAttempts: 3, recovered: false });
    expect(await status(id)).toBe("running");
    expect(await claim("w9", [job.name])).toBeNull();
  });

  it("keeps a live lease and hands a stale one (crashed worker) to another worker", async () => {
    const job = mkJob();
    const { id } = await d.queue().enqueueSpec(job, { mode: "ok", tag: "crash" });
    const held = (await claim("dead-worker", [job.name]))!;
    const backend = await d.queue().queueBackend();
    expect(await backend.heartbeat(held, "dead-worker")).toBe(true);
    expect(await claim("w2", [job.name])).toBeNull();
    expect(await run({ jobs: registryOf(job), workerId: "w2" })).toBeNull(); // a live lease is not swept
    // The worker died mid-job: its lease stops being renewed and ages past leaseMs.
    await d.probe().expireLease(id);
    const r = await run({ jobs: registryOf(job), workerId: "w2", leaseMs: 60_000 });
    expect(r).toMatchObject({ outcome: "done", job: { id, attempts: 2, recovered: true } });
    expect(calls).toEqual(["crash:2"]);
    expect(await backend.heartbeat(held, "dead-worker")).toBe(false);
    expect(await status(id)).toBe("done");
  });

  it("fails for good when the lease expired on the last attempt, and calls onFailed", async () => {
    const job = mkJob();
    const { id } = await d.queue().enqueueSpec(job, { mode: "ok", tag: "last" });
    await claim("gone", [job.name]);
    await d.probe().onLastAttempt(id);
    await d.probe().expireLease(id);
    const r = await run({ jobs: registryOf(job), workerId: "w", leaseMs: 1_000 });
    // The table's claim takes the row over and fails it; pg-boss's sweep fails it (into the
    // dead-letter queue, drained at once) before anything is claimed.
    expect(r?.outcome ?? null).toBe(d.probe().kind === "table" ? "failed" : null);
    expect(calls).toEqual([]);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^last:.*lease expired/);
    expect(await status(id)).toBe("failed");
    expect(await run({ jobs: registryOf(job), workerId: "w" })).toBeNull();
    expect(failed).toHaveLength(1);
  });

  it("retries with exponential backoff, then fails for good and calls onFailed once", async () => {
    const q = d.queue();
    expect([1, 2, 3, 4].map((n) => q.backoffMs(n, { baseMs: 1000, maxMs: 5000 }))).toEqual([1000, 2000, 4000, 5000]);
    const job = mkJob();
    const { id } = await q.enqueueSpec(job, { mode: "throw", tag: "t" });
    const before = Date.now();
    const r1 = await run({ jobs: registryOf(job), workerId: "w", backoff: { baseMs: 30_000, maxMs: 60_000 } });
    expect(r1?.outcome).toBe("retry");
    const row = (await q.getJob(id))!;
    expect(row).toMatchObject({ status: "queued", attempts: 1, maxAttempts: 3, lastError: "boom t" });
    expect(row.runAfter.getTime()).toBeGreaterThanOrEqual(before + 29_000); // the database's clock may lag ours by a little
    expect(await claim("w", [job.name])).toBeNull(); // not before its time
    await d.probe().makeRunnable(id);
    expect((await run({ jobs: registryOf(job), workerId: "w", backoff: NO_BACKOFF }))?.outcome).toBe("retry");
    expect((await run({ jobs: registryOf(job), workerId: "w", backoff: NO_BACKOFF }))?.outcome).toBe("failed");
    expect(calls).toEqual(["t:1", "t:2", "t:3"]);
    expect(failed).toEqual(["t:boom t"]);
    expect(await q.getJob(id)).toMatchObject({ status: "failed", attempts: 3, lastError: "boom t" });
    expect(await run({ jobs: registryOf(job), workerId: "w" })).toBeNull();
    expect(failed).toEqual(["t:boom t"]);
  });

  it("fails an invalid payload or a permanent error at once, without retry", async () => {
    const job = mkJob();
    const bad = await d.probe().insertRaw("test-echo", { mode: "nope" });
    const r = await run({ jobs: registryOf(job), workerId: "w" });
    expect(r).toMatchObject({ outcome: "failed", job: { id: bad, attempts: 1 } });
    expect((await d.queue().getJob(bad))?.lastError).toMatch(/invalid payload/);
    const p = await d.queue().enqueueSpec(job, { mode: "permanent", tag: "p" });
    expect((await run({ jobs: registryOf(job), workerId: "w" }))?.outcome).toBe("failed");
    expect(failed).toEqual(["p:cannot ever work"]);
    expect(await d.queue().getJob(p.id)).toMatchObject({ status: "failed", attempts: 1 });
    await expect(d.queue().enqueueSpec(job, { mode: "x" } as never)).rejects.toThrow();
  });

  it("enqueues by name, checking the payload against the job's schema without loading its handler", async () => {
    const { id } = await d.queue().enqueueJob("ingest-bundle", { bundleId: "b0123" });
    expect(await d.queue().getJob(id)).toMatchObject({ name: "ingest-bundle", payload: { bundleId: "b0123" }, maxAttempts: 3, status: "queued", attempts: 0 });
    await expect(d.queue().enqueueJob("ingest-bundle", { bundleId: "../etc" })).rejects.toThrow();
    await expect(d.queue().enqueueJob("no-such-job" as never, {} as never)).rejects.toThrow(/no job named/);
  });

  it("enqueues in the caller's transaction: committed with it, or not at all", async () => {
    const job = mkJob();
    const db = d.db();
    let kept = "";
    await db.$transaction(async (tx) => {
      kept = (await d.queue().enqueueSpec(job, { mode: "ok", tag: "kept" }, { client: tx })).id;
    });
    await expect(
      db.$transaction(async (tx) => {
        await d.queue().enqueueSpec(job, { mode: "ok", tag: "lost" }, { client: tx });
        throw new Error("the bundle row could not be written");
      }),
    ).rejects.toThrow(/could not be written/);
    expect(await status(kept)).toBe("queued");
    expect(await d.probe().count("queued")).toBe(1);
    expect((await run({ jobs: registryOf(job), workerId: "w" }))?.outcome).toBe("done");
    expect(calls).toEqual(["kept:1"]);
  });

  it("retries a job whose handler does not load (a broken deploy)", async () => {
    const job = mkJob();
    const broken = await d.queue().enqueueSpec(job, { mode: "ok", tag: "broken" });
    const loadFails = { [job.name]: async () => Promise.reject(new Error("module missing")) };
    expect(await run({ jobs: loadFails, workerId: "w", backoff: NO_BACKOFF })).toMatchObject({ outcome: "retry", job: { id: broken.id } });
    expect((await run({ jobs: registryOf(job), workerId: "w" }))?.outcome).toBe("done");
    expect(calls).toEqual(["broken:2"]);
  });

  it("runs queued jobs from the polling loop and stops cleanly", async () => {
    const job = mkJob();
    await d.queue().enqueueSpec(job, { mode: "ok", tag: "l1" });
    await d.queue().enqueueSpec(job, { mode: "ok", tag: "l2" });
    const w = d.worker().startWorker({ jobs: registryOf(job), pollMs: 20 });
    await waitFor(() => calls.length >= 2, "two jobs");
    await w.stop();
    expect(calls).toEqual(["l1:1", "l2:1"]);
    expect(await d.probe().count("done")).toBe(2);
    // The worker's liveness row says it stopped (/api/health).
    expect(await d.db().queueWorker.findUniqueOrThrow({ where: { id: w.id } })).toMatchObject({ stoppedAt: expect.any(Date) });
  });

  it("on stop, lets a running job finish within the grace period, else releases it uncounted", async () => {
    let finish = () => {};
    const gate = new Promise<void>((r) => (finish = r));
    const seen: number[] = [];
    const job = d.define().defineJob({
      name: "test-slow",
      schema: z.object({ tag: z.string() }),
      handle: async (p, ctx) => {
        seen.push(ctx.attempt);
        if (p.tag === "finishes") return gate;
        // Runs until its worker stops: an ingest honours the signal the same way.
        await new Promise<void>((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true }));
      },
    });
    const jobs = { [job.name]: async () => job };
    const a = await d.queue().enqueueSpec(job, { tag: "finishes" });
    const w1 = d.worker().startWorker({ jobs, pollMs: 20 });
    await waitFor(() => seen.length === 1, "the first job to start");
    const stopping = w1.stop({ graceMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    finish(); // within the grace period: it completes
    await stopping;
    expect(await status(a.id)).toBe("done");

    const b = await d.queue().enqueueSpec(job, { tag: "forever" });
    const w2 = d.worker().startWorker({ jobs, pollMs: 20 });
    await waitFor(() => seen.length === 2, "the second job to start");
    await w2.stop({ graceMs: 50 });
    // Released: runnable at once, and the attempt it was on is not counted.
    expect(await d.queue().getJob(b.id)).toMatchObject({ status: "queued", attempts: 0 });
    const backend = await d.queue().queueBackend();
    expect(await backend.claim("w3", [job.name], 60_000)).toMatchObject({ id: b.id, attempts: 1 });
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
    await waitFor(async () => (await d.probe().count("done")) >= 4, "four jobs done");
    await w.stop();
    expect(peak).toBe(3);
    expect(calls.sort()).toEqual(["p1", "p2", "p3", "p4"]);
    expect(await d.probe().count("done")).toBe(4);
  });
}

/** The whole queue suite on one temp database (see queue.*.test.ts). */
export function queueTests(title: string, create: () => Promise<TempDatabase>, more?: (d: QueueSuiteDeps & { tmp: () => TempDatabase }) => void) {
  const env = withTempDatabase(create, async () => ({
    db: await import("@/lib/db"),
    queue: await import("@/lib/jobs/queue"),
    worker: await import("@/lib/jobs/worker"),
    define: await import("@/lib/jobs/define-job"),
  }));
  const m = env.mods;
  const deps: QueueSuiteDeps = { db: () => m().db.db, queue: () => m().queue, worker: () => m().worker, define: () => m().define, probe: () => queueProbe(m().db.db, env.tmp().kind) };
  describe(title, () => {
    queueSuite(deps);
    more?.({ ...deps, tmp: env.tmp });
  });
}
