/**
 * The timeline bulk loaders (lib/ingest/load) and the generation filter on a real database:
 * run by lib/ingest/load/timeline-load.sqlite.test.ts and timeline-load.pg.test.ts. Events go
 * through the real spool (lib/ingest/timeline-spool.ts) and the real loader, in this process
 * and in the loader child (bin/netbundle.mjs __timeline-load); the rows must be exactly the
 * events, no more, and only the bundle's shown generation is read by any timeline query.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";
import type { TimelineEvent } from "@/lib/model/types";
import type { TTimelineFilter } from "@/lib/queries/timeline-event-where";
import type { TLoadTarget } from "@/lib/ingest/load/protocol";
import type { LoadTimelineOptions, LoadResult } from "@/lib/ingest/load/load-options";

type Mods = {
  db: typeof import("@/lib/db");
  env: typeof import("@/lib/env");
  spool: typeof import("@/lib/ingest/timeline-spool");
  sqlite: typeof import("@/lib/ingest/load/load-timeline-sqlite");
  pg: typeof import("@/lib/ingest/load/load-timeline-pg");
  child: typeof import("@/lib/ingest/load/run-timeline-load");
  prune: typeof import("@/lib/ingest/prune-timeline-generations");
  list: typeof import("@/lib/queries/list-timeline-events");
  count: typeof import("@/lib/queries/count-timeline-events");
  hist: typeof import("@/lib/queries/get-timeline-histogram");
};

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const none: TTimelineFilter = { sources: [], severities: [] };
// More than one loader transaction (5k rows) and one spool frame (a batch here), with the
// characters COPY's text format and SQL would misread, sub-millisecond digits and NULLs.
const N = 12_345;
const ODD = ["tab\there", "new\nline", "cr\rlf", "back\\slash \\N", `quote ' "dq" ; DROP TABLE x;`, "ünïcødé ✓ 日本", "nul\u0000byte"];
const SOURCES = ["journal", "log", "process", "pcap"] as const;
function events(tag: string): TimelineEvent[] {
  return Array.from({ length: N }, (_, i) => ({
    ts: new Date(T0 + i * 1000).toISOString().replace(/\.\d+Z$/, `.${String(i % 1000).padStart(3, "0")}${String(i % 997).padStart(3, "0")}Z`),
    source: SOURCES[i % 4] as TimelineEvent["source"],
    severity: i % 9 === 0 ? "high" : undefined,
    label: `label ${i % 13}`,
    text: `${tag} event ${i} ${ODD[i % ODD.length]}`,
    artifact: i % 5 === 0 ? undefined : `logs/a'b-${i % 3}.log`,
    line: i % 7 === 0 ? undefined : i + 1,
  }));
}
/** What the row of an event must hold (PostgreSQL text cannot hold NUL: U+FFFD there). */
function expected(e: TimelineEvent, pg: boolean) {
  const text = pg ? e.text.replaceAll("\u0000", "\uFFFD") : e.text;
  return [e.ts, e.source, e.severity ?? null, e.label, text, e.artifact ?? null, e.line ?? null];
}

export function timelineLoadTests(title: string, create: () => Promise<TempDatabase>) {
  describe(title, () => {
    const t = withTempDatabase<Mods>(create, async () => ({
      db: await import("@/lib/db"),
      env: await import("@/lib/env"),
      spool: await import("@/lib/ingest/timeline-spool"),
      sqlite: await import("@/lib/ingest/load/load-timeline-sqlite"),
      pg: await import("@/lib/ingest/load/load-timeline-pg"),
      child: await import("@/lib/ingest/load/run-timeline-load"),
      prune: await import("@/lib/ingest/prune-timeline-generations"),
      list: await import("@/lib/queries/list-timeline-events"),
      count: await import("@/lib/queries/count-timeline-events"),
      hist: await import("@/lib/queries/get-timeline-histogram"),
    }));
    const db = () => t.mods().db.db;
    const pg = () => t.mods().env.env.dbKind === "postgres";
    const target = (): TLoadTarget => (pg() ? { kind: "postgres", url: t.mods().env.env.DATABASE_URL! } : { kind: "sqlite", file: t.mods().env.env.sqliteFile });
    const load = (o: LoadTimelineOptions): Promise<LoadResult> => {
      const tg = target();
      return tg.kind === "postgres" ? t.mods().pg.loadTimelinePg(tg.url, o) : t.mods().sqlite.loadTimelineSqlite(tg.file, o);
    };
    /** A bundle whose findings are shown (phase 1 done) and whose timeline is loading. */
    const bundle = async (id: string, generation: number) =>
      db().bundle.create({
        data: { id, caseId: "unfiled", sha256: id.padEnd(64, "0"), fileName: `${id}.tar.gz`, sizeBytes: 1, status: "ready", generation, timelineGeneration: -1, timelineState: "loading",
          summaryJson: JSON.stringify({ complete: true, counts: { findings: 2, timelineEvents: 99, timelineDropped: 0 } }) },
      });
    const spoolOf = async (name: string, evs: TimelineEvent[]) => {
      const file = path.join(t.tmp().dataDir, "tmp", `${name}.spool`);
      const w = await t.mods().spool.createSpoolWriter(file);
      for (let i = 0; i < evs.length; i += 1000) await w.add(evs.slice(i, i + 1000));
      await w.add([{ ts: "not a time", source: "log", label: "x", text: "dropped" }]);
      expect(await w.close()).toEqual({ written: evs.length + 1, dropped: 0 }); // the reader drops it
      return file;
    };
    const rowsOf = async (bundleId: string, generation?: number) => {
      const rows = await db().timelineEvent.findMany({ where: { bundleId, ...(generation === undefined ? {} : { generation }) }, orderBy: { id: "asc" } });
      return rows.map((r) => [r.ts.toISOString().replace("Z", String(r.tsMicros).padStart(3, "0") + "Z"), r.source, r.severity, r.label, r.text, r.artifact, r.line]);
    };

    it("loads exactly the spooled events, in order, and shows them only once all are in", async () => {
      await bundle("ld1", 3);
      const evs = events("ld1");
      const spoolPath = await spoolOf("ld1", evs);
      const seen: number[] = [];
      const r = await load({ spoolPath, bundleId: "ld1", generation: 3, total: evs.length, onProgress: (n) => seen.push(n) });
      expect(r).toEqual({ status: "ready", rows: N, dropped: 1 });
      expect(await rowsOf("ld1")).toEqual(evs.map((e) => expected(e, pg())));
      expect(await db().timelineEvent.count({ where: { bundleId: "ld1", generation: { not: 3 } } })).toBe(0);
      const b = await db().bundle.findUniqueOrThrow({ where: { id: "ld1" } });
      expect(b).toMatchObject({ timelineGeneration: 3, timelineState: "ready", timelineProgress: 1 });
      // The overview's counts become the rows loaded and the events dropped (phase 1 wrote the spooled count).
      expect(JSON.parse(b.summaryJson!)).toEqual({ complete: true, counts: { findings: 2, timelineEvents: N, timelineDropped: 1 } });
      if (!pg()) expect(seen).toEqual([5000, 10000]); // one per transaction before the last
      // The text index has them (SQLite: filled by the loader; PostgreSQL: the trigram index).
      expect(await t.mods().count.countTimelineEvents({ bundleId: "ld1", filter: { ...none, q: "event 1234 " } })).toBe(1);
      expect(await t.mods().count.countTimelineEvents({ bundleId: "ld1", filter: { ...none, q: "BACK\\SLASH" } })).toBe(evs.filter((e) => e.text.includes("back\\slash")).length);
      const page = await t.mods().list.listTimelineEvents({ bundleId: "ld1", filter: none, offset: N - 2, limit: 5 });
      expect(page.map((e) => e.text)).toEqual(evs.slice(-2).map((e) => expected(e, pg())[4]));
    });

    it("SQLite: the timeline is shown before its text index is filled, and searched row by row until it is", async () => {
      if (pg()) {
        // PostgreSQL's trigram index is kept with the rows by COPY: shown means searchable by index.
        await bundle("ldx", 1);
        const evs = events("ldx").slice(0, 3000);
        const r = await load({ spoolPath: await spoolOf("ldx", evs), bundleId: "ldx", generation: 1, total: evs.length, onShown: () => expect.unreachable("onShown is SQLite's") });
        expect(r.status).toBe("ready");
        expect(await db().bundle.findUniqueOrThrow({ where: { id: "ldx" } })).toMatchObject({ timelineState: "ready" });
        return;
      }
      await bundle("ldx", 1);
      const evs = events("ldx").slice(0, 12_000);
      const q = { ...none, q: "event 1234 " };
      const want = evs.filter((e) => e.text.toLowerCase().includes("event 1234 ")).length;
      expect(want).toBe(1);
      const fts = async () => Number((await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*) AS n FROM "TimelineEventFts" WHERE "TimelineEventFts" MATCH '"event 1234 "' AND rowid IN (SELECT "id" FROM "TimelineEvent" WHERE "bundleId" = 'ldx')`))[0]!.n);
      let during: unknown;
      const r = await load({
        spoolPath: await spoolOf("ldx", evs),
        bundleId: "ldx",
        generation: 1,
        total: evs.length,
        onShown: async () => {
          during = {
            state: (await db().bundle.findUniqueOrThrow({ where: { id: "ldx" } })).timelineState,
            rows: await t.mods().count.countTimelineEvents({ bundleId: "ldx", filter: none }),
            indexed: await fts(),
            found: await t.mods().count.countTimelineEvents({ bundleId: "ldx", filter: q }),
            listed: (await t.mods().list.listTimelineEvents({ bundleId: "ldx", filter: q, offset: 0, limit: 10 })).length,
          };
        },
      });
      expect(r).toEqual({ status: "ready", rows: 12_000, dropped: 1 });
      // Shown and complete, not yet in the index: the search found it anyway (a row scan).
      expect(during).toEqual({ state: "indexing", rows: 12_000, indexed: 0, found: 1, listed: 1 });
      expect(await db().bundle.findUniqueOrThrow({ where: { id: "ldx" } })).toMatchObject({ timelineState: "ready", timelineGeneration: 1 });
      expect(await fts()).toBe(1);
      // Every row of the run is in the index exactly once (another bundle's rows were not touched twice).
      await db().$executeRawUnsafe(`INSERT INTO "TimelineEventFts"("TimelineEventFts", rank) VALUES ('integrity-check', 1)`);
      expect(await t.mods().count.countTimelineEvents({ bundleId: "ldx", filter: q })).toBe(1);
    });

    it("loads through the loader child (netbundle __timeline-load) the same", async () => {
      await bundle("ld2", 1);
      const evs = events("ld2").slice(0, 7000);
      const spoolPath = await spoolOf("ld2", evs);
      const r = await t.mods().child.runTimelineLoad({ target: target(), spoolPath, bundleId: "ld2", generation: 1, total: evs.length });
      expect(r).toEqual({ status: "ready", rows: 7000, dropped: 1 });
      expect(await rowsOf("ld2")).toEqual(evs.map((e) => expected(e, pg())));
    });

    it("flips nothing and writes nothing once a newer run began (superseded)", async () => {
      await bundle("ld3", 5);
      const spoolPath = await spoolOf("ld3", events("ld3").slice(0, 6000));
      const r = await load({ spoolPath, bundleId: "ld3", generation: 4, total: 6000 });
      expect(r.status).toBe("superseded");
      expect(await db().timelineEvent.count({ where: { bundleId: "ld3" } })).toBe(0);
      expect(await db().bundle.findUniqueOrThrow({ where: { id: "ld3" } })).toMatchObject({ timelineGeneration: -1, timelineState: "loading" });
    });

    it("a load that dies midway shows nothing; the retry's rows are shown once, the dead run's pruned", async () => {
      await bundle("ld4", 1);
      const evs = events("ld4");
      const spoolPath = await spoolOf("ld4", evs);
      // A spool cut off at 70%: the load dies there, after one committed transaction on
      // SQLite, inside the one COPY transaction on PostgreSQL.
      const cut = path.join(t.tmp().dataDir, "tmp", "ld4-cut.spool");
      fs.writeFileSync(cut, fs.readFileSync(spoolPath).subarray(0, Math.floor(fs.statSync(spoolPath).size * 0.7)));
      await expect(load({ spoolPath: cut, bundleId: "ld4", generation: 1, total: N })).rejects.toThrow(/truncated/);
      if (!pg()) expect(await db().timelineEvent.count({ where: { bundleId: "ld4", generation: 1 } })).toBe(5000);
      else expect(await db().timelineEvent.count({ where: { bundleId: "ld4" } })).toBe(0); // one transaction: all or nothing
      expect(await t.mods().count.countTimelineEvents({ bundleId: "ld4", filter: none })).toBe(0);
      // The retry: a new generation (as beginIngest makes it), loaded whole, then the old pruned.
      await db().bundle.update({ where: { id: "ld4" }, data: { generation: 2 } });
      expect((await load({ spoolPath, bundleId: "ld4", generation: 2, total: N })).rows).toBe(N);
      expect(await t.mods().count.countTimelineEvents({ bundleId: "ld4", filter: none })).toBe(N);
      await t.mods().prune.pruneTimelineGenerations("ld4", 2, { pauseMs: 0 });
      expect(await rowsOf("ld4")).toEqual(evs.map((e) => expected(e, pg())));
    });

    it("reads only the bundle's shown generation: list, count, search, histogram", async () => {
      await bundle("gen", 2);
      const mk = (generation: number, text: string, n: number) =>
        Array.from({ length: n }, (_, i) => ({ bundleId: "gen", generation, ts: new Date(T0 + (generation * 1000 + i) * 60_000), source: "log", label: "l", text: `${text} ${i}` }));
      await db().timelineEvent.createMany({ data: [...mk(1, "old-run", 40), ...mk(2, "new-run", 25), ...mk(3, "crashed-run", 30)] });
      if (!pg()) await db().$executeRawUnsafe(`INSERT INTO "TimelineEventFts"(rowid, "text") SELECT "id", "text" FROM "TimelineEvent" WHERE "bundleId" = 'gen'`);
      const q = t.mods();
      const all = async () => ({
        list: (await q.list.listTimelineEvents({ bundleId: "gen", filter: none, offset: 0, limit: 500 })).map((e) => e.text.split(" ")[0]),
        count: await q.count.countTimelineEvents({ bundleId: "gen", filter: none }),
        search: await q.count.countTimelineEvents({ bundleId: "gen", filter: { ...none, q: "run" } }),
        searchList: (await q.list.listTimelineEvents({ bundleId: "gen", filter: { ...none, q: "-run" }, offset: 0, limit: 500 })).length,
        hist: (await q.hist.getTimelineHistogram({ bundleId: "gen", filter: none })).total,
        histSources: (await q.hist.getTimelineHistogram({ bundleId: "gen", filter: { ...none, sources: ["log"] } })).total,
        histSearch: (await q.hist.getTimelineHistogram({ bundleId: "gen", filter: { ...none, q: "run" } })).total,
        extent: (await q.hist.getTimelineHistogram({ bundleId: "gen", filter: none })).extent,
      });
      // While no run's timeline is complete (-1): nothing at all.
      expect(await all()).toEqual({ list: [], count: 0, search: 0, searchList: 0, hist: 0, histSources: 0, histSearch: 0, extent: null });
      await db().bundle.update({ where: { id: "gen" }, data: { timelineGeneration: 2, timelineState: "ready" } });
      const shown = await all();
      expect(shown).toMatchObject({ count: 25, search: 25, searchList: 25, hist: 25, histSources: 25, histSearch: 25 });
      expect(new Set(shown.list)).toEqual(new Set(["new-run"]));
      expect(shown.extent).toEqual({ min: T0 + 2000 * 60_000, max: T0 + (2000 + 24) * 60_000 });
    });

    it("removes the spool's test files", () => {
      fs.rmSync(path.join(t.tmp().dataDir, "tmp"), { recursive: true, force: true });
    });
  });
}
