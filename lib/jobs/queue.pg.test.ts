import { expect, it, vi } from "vitest";
import pg from "pg";
import { z } from "zod";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { queueTests } from "@/test/support/suites/queue-suite";

vi.mock("server-only", () => ({}));

queueTests("job queue on PostgreSQL (pg-boss, real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgqueue-"), (d) => {
  it("starts pg-boss on a fresh database from several processes at once", async () => {
    // Each openPgBoss has its own pool, so the four start-ups race on the server as four
    // processes would (web replicas and workers starting together after a deploy).
    const url = process.env.DATABASE_URL!;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("CREATE DATABASE boot_race");
    const raceUrl = url.replace(/\/netbundle$/, "/boot_race");
    const { openPgBoss, shutPgBoss } = await import("@/lib/jobs/pg-boss-queue");
    try {
      const started = await Promise.allSettled([1, 2, 3, 4].map(() => openPgBoss(raceUrl)));
      expect(started.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
      for (const s of started) if (s.status === "fulfilled") await shutPgBoss(s.value);
      const check = new pg.Client({ connectionString: raceUrl });
      await check.connect();
      const { rows } = await check.query("SELECT name, dead_letter FROM pgboss.queue ORDER BY name");
      await check.end();
      expect(rows).toEqual([
        { name: "ingest-bundle", dead_letter: "ingest-bundle__dead" },
        { name: "ingest-bundle__dead", dead_letter: null },
        { name: "retention-sweep", dead_letter: "retention-sweep__dead" },
        { name: "retention-sweep__dead", dead_letter: null },
      ]);
    } finally {
      await admin.query("DROP DATABASE IF EXISTS boot_race WITH (FORCE)");
      await admin.end();
    }
  });

  it("a worker whose lease was swept can neither complete nor fail the job another worker now runs", async () => {
    const job = d.define().defineJob({ name: "test-guard", schema: z.object({}), handle: async () => {} });
    const { id } = await d.queue().enqueueSpec(job, {});
    const backend = await d.queue().queueBackend();
    const stalled = (await backend.claim("stalled", [job.name], 60_000))!;
    await d.probe().expireLease(id);
    const { sweepStaleLeases } = await import("@/lib/jobs/pg-boss-queue");
    expect(await sweepStaleLeases(15_000)).toEqual([{ jobId: id, queue: job.name, workerId: "stalled" }]);
    const taken = (await backend.claim("rescuer", [job.name], 60_000))!;
    expect(taken).toMatchObject({ id, attempts: 2, recovered: true });
    expect(await backend.complete(stalled, "stalled")).toBe(false);
    expect(await backend.fail(stalled, "stalled", "late", { permanent: true, backoff: { baseMs: 0, maxMs: 0 } })).toBe("lease-lost");
    expect(await d.queue().getJob(id)).toMatchObject({ status: "running" });
    expect(await backend.complete(taken, "rescuer")).toBe(true);
    expect(await d.queue().getJob(id)).toMatchObject({ status: "done" });
  });
});
