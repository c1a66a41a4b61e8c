import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTempPostgres, withTempDatabase } from "@/test/support/db/temp-database";
import { queueProbe } from "@/test/support/queue-probe";

vi.mock("server-only", () => ({}));

/**
 * GET /api/health on a real PostgreSQL: the queue figures come from pg-boss (waiting,
 * running, jobs that died for good with their bundle and reason, leases gone stale) and the
 * workers from their liveness rows.
 */
const t = withTempDatabase(
  () => createTempPostgres("nb-pghealth-"),
  async () => ({
    db: await import("@/lib/db"),
    health: await import("@/app/api/health/route"),
    tokens: await import("@/lib/auth/api-tokens"),
    queue: await import("@/lib/jobs/queue"),
    worker: await import("@/lib/jobs/worker"),
    define: await import("@/lib/jobs/define-job"),
  }),
);

describe("GET /api/health on PostgreSQL (pg-boss)", () => {
  it("reports the pg-boss queue, its dead jobs and the workers seen", async () => {
    const { db } = t.mods().db;
    const { queue, worker, define } = t.mods();
    await db.user.create({ data: { id: "u1", name: "Eng", email: "eng@example.test", role: "engineer" } });
    const { token } = await t.mods().tokens.createApiToken({ userId: "u1", name: "health", by: { type: "system" } });
    // Jobs of the real ingest queue, run by handlers of the test's own: one fails for good, one
    // is left running with a lease gone stale (its worker was killed), two wait.
    const handlers = { "ingest-bundle": async () => define.defineJob({ name: "ingest-bundle", schema: z.object({ bundleId: z.string() }), maxAttempts: 1, handle: async ({ bundleId }) => { if (bundleId === "b-dead") throw new define.PermanentJobError("bundle unusable: not an archive"); } }) };
    await queue.enqueueJob("ingest-bundle", { bundleId: "b-dead" });
    expect((await worker.runNextJob({ jobs: handlers, workerId: "worker-a", sweepMs: 0 }))?.outcome).toBe("failed");
    const stuck = await queue.enqueueJob("ingest-bundle", { bundleId: "b-stuck" });
    await (await queue.queueBackend()).claim("worker-killed", ["ingest-bundle"], 15_000);
    await queueProbe(db, "postgres").expireLease(stuck.id);
    await queue.enqueueJob("ingest-bundle", { bundleId: "b-wait1" });
    await queue.enqueueJob("ingest-bundle", { bundleId: "b-wait2" });
    const w = worker.startWorker({ jobs: {}, workerId: "worker-live", pollMs: 60_000 });
    try {
      for (let i = 0; i < 100 && !(await db.queueWorker.findUnique({ where: { id: "worker-live" } })); i++) await new Promise((r) => setTimeout(r, 50));
      const res = await t.mods().health.GET(new Request("http://localhost/api/health", { headers: { authorization: `Bearer ${token}` } }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        ok: boolean;
        queue: Record<string, unknown>;
        dead: { name: string; bundleId: string; error: string }[];
        workers: { id: string; running: number }[];
      };
      expect(body.ok).toBe(true);
      expect(body.queue).toMatchObject({ backend: "pg-boss", queued: 2, running: 1, failed: 1, stale: 1, deadUnhandled: 0 });
      expect(body.dead).toEqual([expect.objectContaining({ name: "ingest-bundle", bundleId: "b-dead", error: "bundle unusable: not an archive" })]);
      expect(body.workers.map((x) => x.id)).toContain("worker-live");
    } finally {
      await w.stop();
    }
  });
});
