/**
 * Test-only: what the queue tests do behind a worker's back (a worker that died, time that
 * passed, a row nobody validated), on whichever queue the temp database runs: the Job table
 * (SQLite) or pg-boss (PostgreSQL). Everything goes through the real database.
 */
import type { Db } from "@/lib/db";

export interface QueueProbe {
  kind: "table" | "pg-boss";
  /** The holder of this job stopped beating an hour ago (kill -9). */
  expireLease(jobId: string): Promise<void>;
  /** The claimed job is on its last attempt. */
  onLastAttempt(jobId: string): Promise<void>;
  /** Its backoff has passed. */
  makeRunnable(jobId: string): Promise<void>;
  /** A job whose payload never went through its schema. */
  insertRaw(name: string, data: unknown): Promise<string>;
  count(status: "queued" | "running" | "done" | "failed"): Promise<number>;
  clear(): Promise<void>;
}

const PG_STATES = { queued: ["created", "retry"], running: ["active"], done: ["completed"], failed: ["failed"] } as const;
const HOUR_AGO = () => new Date(Date.now() - 3_600_000);

export function queueProbe(db: Db, kind: "sqlite" | "postgres"): QueueProbe {
  if (kind === "sqlite") {
    return {
      kind: "table",
      expireLease: async (id) => void (await db.job.update({ where: { id: Number(id) }, data: { lockedAt: HOUR_AGO() } })),
      onLastAttempt: async (id) => {
        const j = await db.job.findUniqueOrThrow({ where: { id: Number(id) } });
        await db.job.update({ where: { id: j.id }, data: { attempts: j.maxAttempts } });
      },
      makeRunnable: async (id) => void (await db.job.update({ where: { id: Number(id) }, data: { runAfter: new Date(Date.now() - 1) } })),
      insertRaw: async (name, data) => String((await db.job.create({ data: { name, payload: JSON.stringify(data) } })).id),
      count: (status) => db.job.count({ where: { status } }),
      clear: async () => void (await db.job.deleteMany({})),
    };
  }
  return {
    kind: "pg-boss",
    expireLease: async (id) => void (await db.jobLease.update({ where: { jobId: id }, data: { beatAt: HOUR_AGO() } })),
    onLastAttempt: async (id) => void (await db.$executeRawUnsafe("UPDATE pgboss.job SET retry_count = retry_limit WHERE id = $1::uuid", id)),
    makeRunnable: async (id) => void (await db.$executeRawUnsafe("UPDATE pgboss.job SET start_after = now() - interval '1 second' WHERE id = $1::uuid", id)),
    insertRaw: async (name, data) => {
      const { ensureQueue, pgBoss } = await import("@/lib/jobs/pg-boss-queue");
      await ensureQueue(name);
      const id = await (await pgBoss()).boss.send(name, data as object, { retryLimit: 2 });
      return id!;
    },
    count: async (status) => {
      const states = PG_STATES[status].map((s) => `'${s}'`).join(", "); // constants above
      const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE state::text IN (${states}) AND name NOT LIKE '%\\_\\_dead'`);
      return rows[0]?.n ?? 0;
    },
    clear: async () => {
      await (await import("@/lib/jobs/pg-boss-queue")).pgBoss(); // its schema exists once started
      await db.$executeRawUnsafe("DELETE FROM pgboss.job");
      await db.jobLease.deleteMany({});
    },
  };
}
