/**
 * Retention and disk use on a real database and data dir, run by retention.sqlite.test.ts
 * and retention.pg.test.ts: the sweep deletes rows and files of bundles past their case's
 * retention (and only those), audits each, stops at its per-run bound; disk use is measured
 * from the files and summed per case; the scheduled job is registered and runs.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";

type Mods = {
  db: typeof import("@/lib/db");
  storage: typeof import("@/lib/storage");
  sweep: typeof import("@/lib/retention/sweep-retention");
  measure: typeof import("@/lib/retention/measure-stored-bytes");
  use: typeof import("@/lib/retention/list-case-disk-use");
  set: typeof import("@/lib/retention/set-case-retention");
  schedule: typeof import("@/lib/retention/schedule-retention");
  worker: typeof import("@/lib/jobs/worker");
  registry: typeof import("@/lib/jobs/registry");
};

const NOW = new Date("2026-12-07T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

export function retentionTests(title: string, create: () => Promise<TempDatabase>) {
  describe(title, () => {
    const t = withTempDatabase<Mods>(create, async () => ({
      db: await import("@/lib/db"),
      storage: await import("@/lib/storage"),
      sweep: await import("@/lib/retention/sweep-retention"),
      measure: await import("@/lib/retention/measure-stored-bytes"),
      use: await import("@/lib/retention/list-case-disk-use"),
      set: await import("@/lib/retention/set-case-retention"),
      schedule: await import("@/lib/retention/schedule-retention"),
      worker: await import("@/lib/jobs/worker"),
      registry: await import("@/lib/jobs/registry"),
    }));
    const db = () => t.mods().db.db;
    const store = () => t.mods().storage.blobStore;
    const bundleDir = (id: string) => path.join(t.tmp().dataDir, "bundles", id);

    /** A bundle row uploaded `age` days ago with real files: an original of `bytes` and a model. */
    async function mkBundle(id: string, caseId: string, age: number, bytes: number, status = "ready") {
      await db().bundle.create({ data: { id, caseId, sha256: id.padEnd(64, "0"), fileName: `${id}.tar.gz`, sizeBytes: bytes, status, uploadedAt: daysAgo(age), readyAt: daysAgo(age) } });
      const tmp = await store().tempPath();
      fs.writeFileSync(tmp, Buffer.alloc(bytes, 7));
      await store().putOriginal(id, tmp, "tar.gz");
      await store().putModel(id, { bundle: { host: id } });
    }
    const ids = async () => (await db().bundle.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((b) => b.id);

    it("measures each bundle's files and sums them per case", async () => {
      await db().case.createMany({ data: [{ id: "c-default", title: "A default" }, { id: "c-short", title: "B short", retentionDays: 1 }, { id: "c-hold", title: "C hold", retentionDays: 0 }] });
      await mkBundle("d-old", "c-default", 40, 5000);
      await mkBundle("d-new", "c-default", 3, 7000);
      await mkBundle("d-busy", "c-default", 50, 100, "ingesting");
      await mkBundle("s-old", "c-short", 2, 3000);
      await mkBundle("s-new", "c-short", 0.5, 1000);
      await mkBundle("h-old", "c-hold", 400, 2000);
      expect(await t.mods().measure.measureStoredBytes({ now: NOW })).toBe(5); // the ingesting one waits
      const model = (id: string) => fs.readdirSync(path.join(bundleDir(id), "model")).reduce((a, f) => a + fs.statSync(path.join(bundleDir(id), "model", f)).size, 0);
      const row = await db().bundle.findUnique({ where: { id: "d-old" }, select: { storedBytes: true, storedBytesAt: true } });
      expect(Number(row?.storedBytes)).toBe(5000 + model("d-old"));
      expect(row?.storedBytesAt?.toISOString()).toBe(NOW.toISOString());
      expect(await t.mods().measure.measureStoredBytes({ now: NOW })).toBe(0); // nothing new to measure

      const u = await t.mods().use.listCaseDiskUse();
      const byCase = Object.fromEntries(u.rows.map((r) => [r.caseId, r]));
      expect(byCase["c-default"]).toMatchObject({ bundles: 3, storedBytes: 12000 + model("d-old") + model("d-new"), unmeasured: 1 });
      expect(byCase["c-hold"]).toMatchObject({ bundles: 1, retentionDays: 0 });
      expect(u.totalStoredBytes).toBe(u.rows.reduce((a, r) => a + r.storedBytes, 0));
      expect(u.disk?.freeBytes).toBeGreaterThan(0);
      expect((await t.mods().use.listCaseDiskUse({ offset: 1, limit: 1 })).rows.map((r) => r.caseId)).toEqual([u.rows[1]!.caseId]);
    });

    it("deletes only bundles past their case's retention, rows and files, each audited", async () => {
      const r = await t.mods().sweep.sweepRetention({ now: NOW, globalDays: 30 });
      expect(r.deleted.sort()).toEqual(["d-old", "s-old"]);
      expect(r.more).toBe(false);
      expect(await ids()).toEqual(["d-busy", "d-new", "h-old", "s-new"]);
      expect(fs.existsSync(bundleDir("d-old"))).toBe(false);
      expect(fs.existsSync(bundleDir("d-new"))).toBe(true);
      const audit = await db().auditLog.findMany({ where: { action: "bundle-expire" }, orderBy: { target: "asc" } });
      expect(audit.map((a) => [a.actorType, a.target])).toEqual([["system", "bundle:d-old"], ["system", "bundle:s-old"]]);
      expect(JSON.parse(audit[0]!.detail ?? "{}")).toMatchObject({ caseId: "c-default", retentionDays: 30, fileName: "d-old.tar.gz" });
      // Retention off by default: only the case with its own setting expires anything.
      await mkBundle("d-older", "c-default", 90, 10);
      await mkBundle("s-older", "c-short", 5, 10);
      expect((await t.mods().sweep.sweepRetention({ now: NOW, globalDays: 0 })).deleted).toEqual(["s-older"]);
      expect(await ids()).toContain("d-older");
    });

    it("stops at its per-run bound and says there is more", async () => {
      for (let i = 0; i < 5; i++) await mkBundle(`s-batch${i}`, "c-short", 10 + i, 10);
      const first = await t.mods().sweep.sweepRetention({ now: NOW, globalDays: 0, maxDeletes: 3 });
      expect(first).toMatchObject({ more: true });
      expect(first.deleted).toHaveLength(3);
      const second = await t.mods().sweep.sweepRetention({ now: NOW, globalDays: 0, maxDeletes: 3 });
      expect(second).toMatchObject({ more: false });
      expect(second.deleted).toHaveLength(2);
    });

    it("lets an admin set a case's override, refusing nonsense", async () => {
      const actor = { type: "system" } as const;
      expect(await t.mods().set.setCaseRetention("c-default", " 12 ", actor)).toBe(12);
      expect(await t.mods().set.setCaseRetention("c-default", "", actor)).toBeNull();
      await expect(t.mods().set.setCaseRetention("c-default", "-1", actor)).rejects.toThrow(/retention/);
      await expect(t.mods().set.setCaseRetention("c-default", "1.5", actor)).rejects.toThrow(/retention/);
      await expect(t.mods().set.setCaseRetention("nosuch", "3", actor)).rejects.toThrow(/No such case/);
      expect((await db().case.findUnique({ where: { id: "c-default" } }))?.retentionDays).toBeNull();
    });

    it("queues the sweep once and runs it through the registered job", async () => {
      expect(await t.mods().schedule.enqueueRetentionSweep()).toBe(true);
      expect(await t.mods().schedule.enqueueRetentionSweep()).toBe(false); // one is already waiting
      await mkBundle("j-new", "c-hold", 1, 10);
      const r = await t.mods().worker.runNextJob({ jobs: t.mods().registry.JOBS, workerId: "test-worker" });
      expect(r).toMatchObject({ outcome: "done", job: { name: "retention-sweep" } });
      expect(Number((await db().bundle.findUnique({ where: { id: "j-new" } }))?.storedBytes)).toBeGreaterThan(10);
      expect(await t.mods().schedule.enqueueRetentionSweep()).toBe(true);
    });
  });
}
