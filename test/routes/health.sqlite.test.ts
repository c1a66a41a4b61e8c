import { describe, expect, it, vi } from "vitest";
import { createTempSqlite, withTempDatabase } from "@/test/support/db/temp-database";

vi.mock("server-only", () => ({}));

/**
 * GET /api/health on a real SQLite file: without credentials it says only whether the
 * database answers; with an API token it reports the database, the blob store, the queue
 * (depth, running, failed, leases gone stale, the oldest waiting job) and the workers seen.
 */
const t = withTempDatabase(
  () => createTempSqlite("nb-health-"),
  async () => ({
    db: await import("@/lib/db"),
    health: await import("@/app/api/health/route"),
    tokens: await import("@/lib/auth/api-tokens"),
  }),
);

describe("GET /api/health", () => {
  it("says only ok to an anonymous caller", async () => {
    const res = await t.mods().health.GET(new Request("http://localhost/api/health"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("reports store, queue and workers to a signed-in engineer", async () => {
    const db = t.mods().db.db;
    await db.user.create({ data: { id: "u1", name: "Eng", email: "eng@example.test", role: "engineer" } });
    const { token } = await t.mods().tokens.createApiToken({ userId: "u1", name: "health", by: { type: "system" } });
    const now = Date.now();
    const job = (status: string, extra: object = {}) => ({ name: "ingest-bundle", payload: "{}", status, ...extra });
    await db.job.createMany({
      data: [
        job("queued", { runAfter: new Date(now - 90_000) }),
        job("queued"),
        job("running", { lockedBy: "worker-live", lockedAt: new Date(now - 5_000) }),
        job("running", { lockedBy: "worker-dead", lockedAt: new Date(now - 10 * 60_000) }),
        job("failed", { lastError: "bundle unusable", payload: '{"bundleId":"b-dead"}' }),
      ],
    });
    const res = await t.mods().health.GET(new Request("http://localhost/api/health", { headers: { authorization: `Bearer ${token}` } }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ok: boolean;
      db: { ok: boolean };
      store: { ok: boolean; kind: string; detail: string };
      queue: { backend: string; queued: number; running: number; failed: number; stale: number; oldestQueuedSeconds: number };
      dead: { name: string; bundleId: string | null; error: string | null }[];
      workers: { id: string; running: number }[];
    };
    expect(body.ok).toBe(true);
    expect(body.db.ok).toBe(true);
    expect(body.store).toMatchObject({ ok: true, kind: "local" });
    expect(body.store.detail).toMatch(/GiB free$/);
    expect(body.queue).toMatchObject({ backend: "table", queued: 2, running: 2, failed: 1, stale: 1 });
    expect(body.dead).toEqual([expect.objectContaining({ name: "ingest-bundle", bundleId: "b-dead", error: "bundle unusable" })]);
    expect(body.queue.oldestQueuedSeconds).toBeGreaterThanOrEqual(89);
    expect(body.workers.find((w) => w.id === "worker-live")).toMatchObject({ running: 1 });
  });
});
