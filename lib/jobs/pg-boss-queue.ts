import "server-only";
import type PgBoss from "pg-boss";
import type { Pool, PoolClient } from "pg";
import { env } from "@/lib/env";
import type { ClaimedJob, JobInfo, QueueBackend } from "./backend";
import { backoffMs } from "./backoff";
import type { JobRegistry, JobSpec } from "./define-job";
import { decodeJobPayload } from "@/lib/db/rows/job";
import { jobLog } from "./job-log";
import { JOB_SPECS } from "./job-specs";

/**
 * The queue on PostgreSQL: pg-boss 10 (its own schema "pgboss"), driven through fetch /
 * complete / fail so that our worker loop (worker.ts) runs both queues the same way.
 *
 * What pg-boss does not give us, and how it is added here:
 *  - A heartbeat. pg-boss fails an active job only after its expireInSeconds, which must
 *    allow a whole ingest (NETBUNDLE_INGEST_WALL_SECONDS, 30 min): a kill -9'd worker's job
 *    would wait that long. Instead the fetch writes a JobLease row in the same transaction
 *    and the holder renews its beat every leaseMs/3; any worker's sweep fails the job of a
 *    lease whose beat is older than leaseMs into an immediate retry (or, on its last
 *    attempt, into the dead-letter queue). Expiry stays as the backstop.
 *  - Atomic enqueue. A bundle row and its job must commit together (an upload never ends
 *    queued without a job): pg-boss's `send` takes a `db` executor, and enqueueing inside a
 *    Prisma transaction passes one that runs pg-boss's INSERT on that transaction
 *    (tx.$queryRawUnsafe). Chosen over an outbox: no relay process, no delay.
 *  - Our backoff (backoff.ts, the same as the Job table's) and permanent failures: the jobs
 *    carry retryDelay 0 and the worker sets start_after / retry_limit on the row in the
 *    transaction that fails it. That SQL touches pgboss.job directly, which is why pg-boss is
 *    pinned to ~10.4 (package.json).
 *  - Complete/fail guarded by the lease: the lease row is deleted in the same transaction,
 *    so a worker that lost its job (swept while it stalled) can neither complete nor fail
 *    the run another worker now owns.
 * A job that failed for good stays in state "failed" (visible in /api/health) and pg-boss
 * copies it into the queue's dead-letter queue "<name>__dead"; workers drain those into the
 * handler's onFailed (the bundle shows the error), whatever made the job die.
 */

const SCHEMA = "pgboss";
/** pg-boss's schema install and our queue creation, one process at a time (next to migrate.mjs's 7418520). */
const STARTUP_LOCK = 7418521;
export const deadLetterQueue = (name: string) => `${name}__dead`;
/** Timestamps of our tables are timestamp(3) in UTC (Prisma's convention); the database's clock decides staleness. */
const NOW = `(now() AT TIME ZONE 'UTC')`;

export interface PgBossState {
  pool: Pool;
  boss: PgBoss;
  queues: Set<string>;
}

const g = globalThis as unknown as { __netbundlePgBoss?: Promise<PgBossState> };

type Exec = PgBoss.Db;
const clientExec = (c: PoolClient | Pool): Exec => ({ executeSql: (text, values) => c.query(text, values) as Promise<{ rows: unknown[] }> as Promise<{ rows: any[] }> }); // eslint-disable-line @typescript-eslint/no-explicit-any

/** The process's pg-boss (started once; several processes may start at once). */
export function pgBoss(): Promise<PgBossState> {
  g.__netbundlePgBoss ??= openPgBoss().catch((e) => {
    g.__netbundlePgBoss = undefined;
    throw e;
  });
  return g.__netbundlePgBoss;
}

/** Exported for the start-up test (several at once against one database); code uses pgBoss(). */
export async function openPgBoss(url = env.DATABASE_URL): Promise<PgBossState> {
  const { default: pg } = await import("pg");
  const { default: PgBossCtor } = await import("pg-boss");
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // An idle client's connection dropping (a PostgreSQL restart) must not end the process.
  pool.on("error", (e) => jobLog("warn", "queue connection lost", {}, e));
  const boss = new PgBossCtor({
    db: clientExec(pool),
    schema: SCHEMA,
    // Maintenance (expiry backstop, archiving) in every process; pg-boss lets one run per interval.
    supervise: true,
    schedule: false,
    migrate: true,
    // Jobs that died for good stay in pgboss.job (counted and listed by /api/health) a week, not pg-boss's 12 h.
    archiveFailedAfterSeconds: 7 * 86_400,
  });
  boss.on("error", (e) => jobLog("warn", "pg-boss", {}, e));
  const state: PgBossState = { pool, boss, queues: new Set() };
  // pg-boss installs its schema under its own advisory lock, but a process that loses that
  // race catches "already exists" from a multi-statement transaction on a pooled connection.
  // Serialising our processes here keeps start-up plain: the first installs, the rest see it.
  const lock = await pool.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [STARTUP_LOCK]);
    await boss.start();
    for (const spec of Object.values(JOB_SPECS)) await createQueue(state, spec.name);
  } catch (e) {
    lock.release();
    await boss.stop({ graceful: false, close: false }).catch(() => {});
    await pool.end().catch(() => {});
    throw e;
  }
  await lock.query("SELECT pg_advisory_unlock($1)", [STARTUP_LOCK]).catch(() => {});
  lock.release();
  return state;
}

/** A queue and its dead-letter queue, created once (createQueue does nothing for an existing one). */
async function createQueue(state: PgBossState, name: string): Promise<void> {
  if (state.queues.has(name)) return;
  await state.boss.createQueue(deadLetterQueue(name), { name: deadLetterQueue(name), retryLimit: 5, retryDelay: 5, retryBackoff: true });
  await state.boss.createQueue(name, { name, deadLetter: deadLetterQueue(name) });
  state.queues.add(name);
}

/** Creates a queue (and its dead-letter queue) unless this process did already. */
export async function ensureQueue(name: string): Promise<void> {
  await createQueue(await pgBoss(), name);
}

/** Stops pg-boss's timers and closes its pool (a worker's shutdown, tests). */
export async function closePgBoss(): Promise<void> {
  const p = g.__netbundlePgBoss;
  g.__netbundlePgBoss = undefined;
  if (!p) return;
  const state = await p.catch(() => null);
  if (state) await shutPgBoss(state);
}

export async function shutPgBoss({ boss, pool }: PgBossState): Promise<void> {
  await boss.stop({ graceful: false, close: false, wait: true }).catch(() => {});
  await pool.end().catch(() => {});
}

/** Prisma's interactive transaction, as pg-boss's executor (enqueue with the rows it belongs to). */
export interface SqlTx {
  $queryRawUnsafe: <T = unknown>(query: string, ...values: unknown[]) => Promise<T>;
}

export async function enqueuePgBossJob<T>(spec: JobSpec<T>, data: T, opts: { client?: SqlTx; runAfter?: Date }): Promise<{ id: string }> {
  const state = await pgBoss();
  await createQueue(state, spec.name);
  const tx = opts.client;
  const id = await state.boss.send(spec.name, data as object, {
    retryLimit: spec.maxAttempts - 1,
    retryDelay: 0,
    retryBackoff: false,
    // The backstop for a lease nobody sweeps: a whole ingest, plus margin.
    expireInSeconds: env.NETBUNDLE_INGEST_WALL_SECONDS + 600,
    deadLetter: deadLetterQueue(spec.name),
    ...(opts.runAfter ? { startAfter: opts.runAfter } : {}),
    ...(tx ? { db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) } } : {}),
  } as PgBoss.SendOptions);
  if (!id) throw new Error(`pg-boss did not queue ${spec.name}`);
  return { id };
}

async function inTransaction<T>(fn: (c: PoolClient, exec: Exec) => Promise<T>): Promise<T> {
  const { pool } = await pgBoss();
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    const r = await fn(c, clientExec(c));
    await c.query("COMMIT");
    return r;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

class Rollback extends Error {}
/** Runs fn in a transaction; `Rollback` thrown inside ends it without error, returning `fallback`. */
async function guarded<T>(fn: (c: PoolClient, exec: Exec) => Promise<T>, fallback: T): Promise<T> {
  try {
    return await inTransaction(fn);
  } catch (e) {
    if (e instanceof Rollback) return fallback;
    throw e;
  }
}

/** Deletes this worker's lease of a job; the transaction continues only if it was still ours. */
async function dropOwnLease(c: PoolClient, job: ClaimedJob, workerId: string): Promise<void> {
  const r = await c.query(`DELETE FROM "JobLease" WHERE "jobId" = $1 AND "workerId" = $2`, [job.id, workerId]);
  if (r.rowCount !== 1) throw new Rollback();
}

interface Output {
  message?: string;
  value?: { message?: string };
  swept?: boolean;
}
const outputMessage = (o: unknown): string | null => {
  const out = (o ?? {}) as Output;
  return out.message ?? out.value?.message ?? null;
};

let rotation = 0;

export const pgBossQueue: QueueBackend = {
  kind: "pg-boss",
  deadLetters: true,

  async claim(workerId, names, _leaseMs) {
    const state = await pgBoss();
    // Start at a different queue each time, so a long backlog of one never starves another.
    const start = rotation++;
    for (let i = 0; i < names.length; i++) {
      const name = names[(start + i) % names.length]!;
      await createQueue(state, name);
      const claimed = await guarded(async (c, exec) => {
        const [job] = await state.boss.fetch<Record<string, unknown>>(name, { batchSize: 1, includeMetadata: true, db: exec });
        if (!job) throw new Rollback();
        const bundleId = typeof job.data?.bundleId === "string" ? job.data.bundleId : null;
        await c.query(
          `INSERT INTO "JobLease" ("jobId", "queue", "workerId", "bundleId", "startedAt", "beatAt") VALUES ($1, $2, $3, $4, ${NOW}, ${NOW})
           ON CONFLICT ("jobId") DO UPDATE SET "workerId" = excluded."workerId", "startedAt" = excluded."startedAt", "beatAt" = excluded."beatAt"`,
          [job.id, name, workerId, bundleId],
        );
        return {
          id: job.id,
          name,
          payload: JSON.stringify(job.data ?? null),
          attempts: job.retryCount + 1,
          maxAttempts: job.retryLimit + 1,
          recovered: (job.output as Output | null)?.swept === true,
        } satisfies ClaimedJob;
      }, null);
      if (claimed) return claimed;
    }
    return null;
  },

  async heartbeat(job, workerId) {
    const { pool } = await pgBoss();
    const r = await pool.query(`UPDATE "JobLease" SET "beatAt" = ${NOW} WHERE "jobId" = $1 AND "workerId" = $2`, [job.id, workerId]);
    return r.rowCount === 1;
  },

  async complete(job, workerId) {
    const { boss } = await pgBoss();
    return guarded(async (c, exec) => {
      await dropOwnLease(c, job, workerId);
      await boss.complete(job.name, job.id, { worker: workerId }, { db: exec });
      return true;
    }, false);
  },

  async fail(job, workerId, error, { permanent, backoff }) {
    const { boss } = await pgBoss();
    return guarded(async (c, exec) => {
      await dropOwnLease(c, job, workerId);
      // No attempts left for an error another attempt cannot fix: pg-boss then fails it for good.
      if (permanent) await c.query(`UPDATE ${SCHEMA}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2`, [job.name, job.id]);
      await boss.fail(job.name, job.id, { message: error.slice(0, 4000) }, { db: exec });
      const r = await c.query(`UPDATE ${SCHEMA}.job SET start_after = now() + $3 * interval '1 millisecond' WHERE name = $1 AND id = $2 AND state = 'retry' RETURNING id`, [
        job.name,
        job.id,
        backoffMs(job.attempts, backoff),
      ]);
      return r.rowCount === 1 ? "retry" : "failed";
    }, "lease-lost" as const);
  },

  async release(job, workerId) {
    await guarded(async (c) => {
      await dropOwnLease(c, job, workerId);
      // started_on NULL: pg-boss's next fetch does not count another attempt (it bumps
      // retry_count only for a job that started before).
      await c.query(
        `UPDATE ${SCHEMA}.job SET state = (CASE WHEN retry_count > 0 THEN 'retry' ELSE 'created' END)::${SCHEMA}.job_state, started_on = NULL, start_after = now()
         WHERE name = $1 AND id = $2 AND state = 'active'`,
        [job.name, job.id],
      );
    }, undefined);
  },
};

/**
 * Fails into a retry (now, not after backoff: the attempt did not fail, its worker died) the
 * jobs whose lease beat is older than staleMs. Any worker may run it; SKIP LOCKED keeps two
 * sweepers off the same lease. Returns the jobs swept.
 */
export async function sweepStaleLeases(staleMs: number): Promise<{ jobId: string; queue: string; workerId: string }[]> {
  const { boss } = await pgBoss();
  return inTransaction(async (c, exec) => {
    const { rows } = await c.query<{ jobId: string; queue: string; workerId: string; age: number }>(
      `DELETE FROM "JobLease" WHERE "jobId" IN (
         SELECT "jobId" FROM "JobLease" WHERE "beatAt" < ${NOW} - $1 * interval '1 millisecond' ORDER BY "beatAt" LIMIT 20 FOR UPDATE SKIP LOCKED)
       RETURNING "jobId", "queue", "workerId", EXTRACT(epoch FROM ${NOW} - "beatAt")::float AS age`,
      [staleMs],
    );
    for (const r of rows) {
      const message = `worker ${r.workerId} stopped during the attempt (no heartbeat for ${Math.round(r.age)} s: lease expired)`;
      await boss.fail(r.queue, r.jobId, { message, swept: true }, { db: exec });
      await c.query(`UPDATE ${SCHEMA}.job SET start_after = now() WHERE name = $1 AND id = $2 AND state = 'retry'`, [r.queue, r.jobId]);
    }
    return rows.map(({ jobId, queue, workerId }) => ({ jobId, queue, workerId }));
  });
}

/**
 * Turns dead letters (jobs that failed for good, however: an error on the last attempt, a
 * worker killed on it, pg-boss's expiry) into their handler's onFailed, each once: the dead
 * letter is completed only after onFailed returned, and retried when it threw.
 */
export async function drainDeadLetters(jobs: JobRegistry, log: typeof jobLog = jobLog): Promise<number> {
  const state = await pgBoss();
  let n = 0;
  for (const name of Object.keys(jobs)) {
    await createQueue(state, name);
    const dlq = deadLetterQueue(name);
    for (let i = 0; i < 50; i++) {
      const [dead] = await state.boss.fetch<unknown>(dlq, { batchSize: 1, includeMetadata: true });
      if (!dead) break;
      n++;
      const reason = outputMessage(dead.output) ?? "failed";
      try {
        const def = await jobs[name]!();
        const parsed = decodeJobPayload(JSON.stringify(dead.data ?? null), def.schema);
        if (parsed.success && def.onFailed) await def.onFailed(parsed.data, reason);
        await state.boss.complete(dlq, dead.id, { handled: true });
        log("info", `dead job handled (onFailed): ${reason}`, { queue: name, job: dead.id, bundle: bundleOf(dead.data) });
      } catch (e) {
        log("error", "onFailed of a dead job threw; retried", { queue: name, job: dead.id }, e);
        await state.boss.fail(dlq, dead.id, { message: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return n;
}

const bundleOf = (data: unknown): string | undefined => {
  const b = (data as { bundleId?: unknown } | null)?.bundleId;
  return typeof b === "string" ? b : undefined;
};

const STATUS: Record<string, JobInfo["status"]> = { created: "queued", retry: "queued", active: "running", completed: "done", failed: "failed", cancelled: "cancelled" };

interface JobRow {
  id: string;
  name: string;
  data: unknown;
  state: string;
  retry_count: number;
  retry_limit: number;
  started_on: Date | null;
  start_after: Date;
  output: unknown;
}

const toInfo = (r: JobRow): JobInfo => ({
  id: r.id,
  name: r.name,
  payload: r.data,
  status: STATUS[r.state] ?? "queued",
  // retry_count counts the attempts after the first, once they start.
  attempts: r.started_on ? r.retry_count + 1 : r.retry_count,
  maxAttempts: r.retry_limit + 1,
  lastError: r.state === "completed" ? null : outputMessage(r.output),
  runAfter: r.start_after,
});

const JOB_COLS = "id, name, data, state::text AS state, retry_count, retry_limit, started_on, start_after, output";

export async function getPgBossJob(id: string): Promise<JobInfo | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { pool } = await pgBoss();
  const { rows } = await pool.query<JobRow>(`SELECT ${JOB_COLS} FROM ${SCHEMA}.job WHERE id = $1 AND name NOT LIKE '%\\_\\_dead'`, [id]);
  return rows[0] ? toInfo(rows[0]) : null;
}

/** The jobs (not dead letters) of a queue, or of every queue, newest first. */
export async function listPgBossJobs(opts: { name?: string; limit?: number } = {}): Promise<JobInfo[]> {
  const { pool } = await pgBoss();
  const { rows } = await pool.query<JobRow>(
    `SELECT ${JOB_COLS} FROM ${SCHEMA}.job WHERE ($1::text IS NULL OR name = $1) AND name NOT LIKE '%\\_\\_dead' ORDER BY created_on DESC, id LIMIT $2`,
    [opts.name ?? null, opts.limit ?? 1000],
  );
  return rows.map(toInfo);
}

export async function countPgBossPending(name: string): Promise<number> {
  const { pool } = await pgBoss();
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [name]);
  return rows[0]?.n ?? 0;
}

/** Cancels the waiting jobs of one bundle (it was deleted); a running one stops at its next write. */
export async function cancelPgBossJobsOfBundle(name: string, bundleId: string): Promise<number> {
  const { pool } = await pgBoss();
  const r = await pool.query(
    `UPDATE ${SCHEMA}.job SET state = 'cancelled', completed_on = now() WHERE name = $1 AND state IN ('created', 'retry') AND data->>'bundleId' = $2`,
    [name, bundleId],
  );
  return r.rowCount ?? 0;
}

export interface PgBossHealth {
  queued: number;
  running: number;
  failed: number;
  /** Dead letters not yet turned into onFailed (each is retried; a growing number means onFailed keeps failing). */
  deadUnhandled: number;
  stale: number;
  oldestQueuedSeconds: number | null;
  dead: { id: string; name: string; bundleId: string | null; error: string | null; failedAt: string }[];
}

export async function pgBossHealth(leaseMs: number): Promise<PgBossHealth> {
  const { pool } = await pgBoss();
  const names = Object.keys(JOB_SPECS);
  const dlqs = names.map(deadLetterQueue);
  const [states, stale, dead] = await Promise.all([
    pool.query<{ dead: boolean; state: string; n: number; oldest: number | null }>(
      `SELECT name = ANY($2) AS dead, state::text AS state, count(*)::int AS n,
              EXTRACT(epoch FROM now() - min(start_after) FILTER (WHERE start_after <= now()))::float AS oldest
       FROM ${SCHEMA}.job WHERE name = ANY($1) OR name = ANY($2) GROUP BY 1, 2`,
      [names, dlqs],
    ),
    pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "JobLease" WHERE "beatAt" < ${NOW} - $1 * interval '1 millisecond'`, [leaseMs]),
    pool.query<{ id: string; name: string; data: unknown; output: unknown; completed_on: Date }>(
      `SELECT id, name, data, output, completed_on FROM ${SCHEMA}.job WHERE name = ANY($1) AND state = 'failed' ORDER BY completed_on DESC LIMIT 20`,
      [names],
    ),
  ]);
  const sum = (dlq: boolean, ...s: string[]) => states.rows.filter((r) => r.dead === dlq && s.includes(r.state)).reduce((a, r) => a + r.n, 0);
  const oldest = states.rows.filter((r) => !r.dead && (r.state === "created" || r.state === "retry") && r.oldest !== null).map((r) => r.oldest!);
  return {
    queued: sum(false, "created", "retry"),
    running: sum(false, "active"),
    failed: sum(false, "failed"),
    deadUnhandled: sum(true, "created", "retry", "active"),
    stale: stale.rows[0]?.n ?? 0,
    oldestQueuedSeconds: oldest.length ? Math.max(0, Math.round(Math.max(...oldest))) : null,
    dead: dead.rows.map((r) => ({ id: r.id, name: r.name, bundleId: bundleOf(r.data) ?? null, error: outputMessage(r.output), failedAt: r.completed_on.toISOString() })),
  };
}
