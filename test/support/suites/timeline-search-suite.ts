/**
 * Timeline text search through the index of migrations 0004_h5_timeline_fts and 0005_timeline_fts_bulk, on a real
 * database: run by lib/queries/timeline-search.sqlite.test.ts and timeline-search.pg.test.ts.
 * The list, its total and the histogram must select exactly what a case-insensitive
 * substring test selects on the seeded rows (the oracle), and the plan must use the index.
 */
import { describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";
import type { TTimelineFilter } from "@/lib/queries/timeline-event-where";

type Mods = {
  db: typeof import("@/lib/db");
  list: typeof import("@/lib/queries/list-timeline-events");
  count: typeof import("@/lib/queries/count-timeline-events");
  hist: typeof import("@/lib/queries/get-timeline-histogram");
  sql: typeof import("@/lib/queries/timeline-event-sql");
  index: typeof import("@/lib/ingest/index-timeline-text");
};

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const N = 2400;
const SOURCES = ["journal", "log", "process", "pcap"];
// Texts with the characters a naive LIKE or FTS query would misread: % _ \ " and case.
const TEXTS = [
  (i: number) => `kubelet: pod sandbox ${i} changed`,
  (i: number) => `Connection REFUSED to 198.18.${i % 7}.5:8080`,
  (i: number) => `cni "bridge" 100%_done \\ veth${i}`,
  (i: number) => `eth0: link up ${i}`,
];
const rowsOf = (bundleId: string) =>
  Array.from({ length: N }, (_, i) => ({
    bundleId,
    ts: new Date(T0 + i * 1500),
    tsMicros: 0,
    source: SOURCES[i % 4]!,
    severity: i % 9 === 0 ? "high" : null,
    label: "l",
    text: TEXTS[i % 3 === 0 ? 1 : i % 5 === 0 ? 2 : i % 2 === 0 ? 3 : 0]!(i),
    artifact: "logs/journal/kernel.txt",
    line: i + 1,
  }));
const none: TTimelineFilter = { sources: [], severities: [] };

export function timelineSearchTests(title: string, create: () => Promise<TempDatabase>) {
  describe(title, () => {
    const t = withTempDatabase<Mods>(create, async () => {
      const m = {
        db: await import("@/lib/db"),
        list: await import("@/lib/queries/list-timeline-events"),
        count: await import("@/lib/queries/count-timeline-events"),
        hist: await import("@/lib/queries/get-timeline-histogram"),
        sql: await import("@/lib/queries/timeline-event-sql"),
        index: await import("@/lib/ingest/index-timeline-text"),
      };
      for (const id of ["s1", "s2"]) {
        await m.db.db.bundle.create({ data: { id, caseId: "unfiled", sha256: id.padEnd(64, "0"), fileName: `${id}.tar.gz`, sizeBytes: 1, status: "ready" } });
        await m.db.db.timelineEvent.createMany({ data: rowsOf(id) });
        // as the ingest job does once a bundle's timeline is written
        await m.index.indexTimelineText(id);
      }
      return m;
    });
    const seeded = rowsOf("s1");
    /** The oracle: what the filter selects, by a plain case-insensitive substring test. */
    const oracle = (f: TTimelineFilter) =>
      seeded
        .map((r, i) => ({ ...r, i }))
        .filter((r) => (f.from === undefined || r.ts.getTime() >= f.from) && (f.to === undefined || r.ts.getTime() < f.to))
        .filter((r) => (!f.sources.length || f.sources.includes(r.source)) && (!f.severities.length || f.severities.includes(r.severity ?? "")))
        .filter((r) => !f.q || r.text.toLowerCase().includes(f.q.toLowerCase()));
    async function listAll(bundleId: string, f: TTimelineFilter) {
      const out: string[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await t.mods().list.listTimelineEvents({ bundleId, filter: f, offset, limit: 500 });
        out.push(...page.map((e) => e.text));
        if (page.length < 500) return out;
      }
    }

    const cases: [string, TTimelineFilter][] = [
      ["a word, other case", { ...none, q: "refused" }],
      ["inside a word", { ...none, q: "ubele" }],
      ["quotes, percent, underscore, backslash", { ...none, q: '"bridge" 100%_done \\' }],
      ["a literal % that LIKE would take as a wildcard", { ...none, q: "0%_" }],
      ["an IP and port", { ...none, q: "198.18.3.5:8080" }],
      ["under 3 characters (no trigram: the scan fallback)", { ...none, q: "p " }],
      ["with window, sources and severity", { from: T0 + 300_000, to: T0 + 2_400_000, sources: ["journal", "process"], severities: ["high"], q: "connection" }],
      ["nothing matches", { ...none, q: "no such text" }],
    ];
    for (const [name, f] of cases) {
      it(`list, total and histogram select what a substring test selects: ${name}`, async () => {
        const want = oracle(f);
        if (name !== "nothing matches") expect(want.length).toBeGreaterThan(0);
        expect(await listAll("s1", f)).toEqual(want.map((r) => r.text));
        expect(await t.mods().count.countTimelineEvents({ bundleId: "s1", filter: f })).toBe(want.length);
        const h = await t.mods().hist.getTimelineHistogram({ bundleId: "s1", filter: f, maxBuckets: 60 });
        expect(h.total).toBe(want.length);
        // Every matching event lands in the bucket of its time, under its source.
        const perBucket = new Map<string, number>();
        for (const r of want) {
          const k = `${Math.floor((r.ts.getTime() - h.start) / h.step)}/${r.source}`;
          perBucket.set(k, (perBucket.get(k) ?? 0) + 1);
        }
        const got = new Map(h.counts.flatMap((c, i) => Object.entries(c).map(([s, n]) => [`${i}/${s}`, n] as const)));
        expect(got).toEqual(perBucket);
        // Both ways SQLite may answer (chosen by match count) select the same rows.
        const { sqlBuilder, timelineEventSql } = t.mods().sql;
        for (const plan of ["index", "scan"] as const) {
          const b = sqlBuilder(t.tmp().kind === "postgres");
          const rows = await t.mods().db.db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "TimelineEvent" WHERE ${timelineEventSql(b, { bundleId: "s1", generation: 0 }, f, undefined, plan)}`, ...b.params);
          expect(Number(rows[0]?.n)).toBe(want.length);
        }
      });
    }

    it("pages through search results in time order without gaps or repeats", async () => {
      const f = { ...none, q: "link up" };
      const want = oracle(f).map((r) => r.line);
      const lines: (number | null)[] = [];
      for (let offset = 0; offset < want.length; offset += 77) lines.push(...(await t.mods().list.listTimelineEvents({ bundleId: "s1", filter: f, offset, limit: 77 })).map((e) => e.line));
      expect(lines).toEqual(want);
    });

    it("answers the text search from the index, not a scan", async () => {
      const { sqlBuilder, timelineEventSql, timelineTextSql } = t.mods().sql;
      const pg = t.tmp().kind === "postgres";
      const db = t.mods().db.db;
      if (pg) {
        // A table this small is better scanned or read by bundle: ask about the text condition
        // alone with scans off, to see that the trigram index can answer it.
        const tb = sqlBuilder(true);
        const text = timelineTextSql(tb, "refused");
        const plan = await db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
          return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN SELECT COUNT(*) FROM "TimelineEvent" WHERE ${text}`, ...tb.params);
        });
        expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/TimelineEvent_text_trgm_idx/);
      } else {
        const b = sqlBuilder(false);
        const where = timelineEventSql(b, { bundleId: "s1", generation: 0 }, { ...none, q: "refused" });
        const plan = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM "TimelineEvent" WHERE ${where}`, ...b.params);
        // The matches come from the FTS table and rows are read by id, not by walking (bundleId, ts).
        const steps = plan.map((r) => r.detail).join("\n");
        expect(steps).toMatch(/SCAN TimelineEventFts VIRTUAL TABLE INDEX/);
        expect(steps).toMatch(/SEARCH TimelineEvent USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      }
    });

    it("keeps the index in step: an edited text is found by its new words, a deleted bundle's events are gone", async () => {
      const db = t.mods().db.db;
      const first = await db.timelineEvent.findFirstOrThrow({ where: { bundleId: "s2" }, orderBy: { id: "asc" } });
      const old = { ...none, q: first.text };
      const before = await t.mods().count.countTimelineEvents({ bundleId: "s2", filter: old });
      await db.timelineEvent.update({ where: { id: first.id }, data: { text: "renamed zebra-crossing" } });
      expect(await t.mods().count.countTimelineEvents({ bundleId: "s2", filter: { ...none, q: "zebra-cross" } })).toBe(1);
      expect(await t.mods().count.countTimelineEvents({ bundleId: "s2", filter: old })).toBe(before - 1);
      await db.bundle.delete({ where: { id: "s2" } });
      expect(await t.mods().count.countTimelineEvents({ bundleId: "s2", filter: { ...none, q: "refused" } })).toBe(0);
      if (t.tmp().kind === "sqlite") {
        // The FTS table holds exactly the remaining rows (a stale entry would fail the check).
        await db.$executeRawUnsafe(`INSERT INTO "TimelineEventFts"("TimelineEventFts", rank) VALUES ('integrity-check', 1)`);
        const docs = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "TimelineEventFts_docsize"`);
        expect(Number(docs[0]?.n)).toBe(N);
      }
      expect(await t.mods().count.countTimelineEvents({ bundleId: "s1", filter: { ...none, q: "refused" } })).toBe(oracle({ ...none, q: "refused" }).length);
    });

    it("histogram of a search without a window spans the matches, not the whole bundle", async () => {
      const db = t.mods().db.db;
      await db.bundle.create({ data: { id: "s3", caseId: "unfiled", sha256: "s3".padEnd(64, "0"), fileName: "s3.tar.gz", sizeBytes: 1, status: "ready" } });
      // 100 events a minute apart (a year-old one first, as bundles' file times are); three hits at minutes 40-42.
      const min = 60_000;
      await db.timelineEvent.createMany({
        data: Array.from({ length: 100 }, (_, i) => ({ bundleId: "s3", ts: new Date(i === 0 ? T0 - 365 * 86_400_000 : T0 + i * min), tsMicros: 0, source: "journal", label: "l", text: i >= 40 && i <= 42 ? `narrow-hit ${i}` : `other ${i}` })),
      });
      await t.mods().index.indexTimelineText("s3");
      const h = await t.mods().hist.getTimelineHistogram({ bundleId: "s3", filter: { ...none, q: "narrow-hit" }, maxBuckets: 60 });
      expect(h.total).toBe(3);
      expect(h.start).toBeLessThanOrEqual(T0 + 40 * min);
      expect(h.start + h.counts.length * h.step).toBeGreaterThan(T0 + 42 * min);
      expect(h.counts.length * h.step).toBeLessThanOrEqual(10 * min);
      expect(h.extent).toEqual({ min: T0 - 365 * 86_400_000, max: T0 + 99 * min });
      // A window the caller gives is kept as given.
      const w = await t.mods().hist.getTimelineHistogram({ bundleId: "s3", filter: { ...none, q: "narrow-hit", from: T0, to: T0 + 100 * min }, maxBuckets: 60 });
      expect(w.total).toBe(3);
      expect(w.counts.length * w.step).toBeGreaterThanOrEqual(100 * min);
    });

    it("a term in more rows than the text index serves: on SQLite the total stops at the cap and the histogram is estimated from a sample", async () => {
      const pg = t.tmp().kind === "postgres";
      const db = t.mods().db.db;
      const { INDEX_PLAN_MAX_MATCHES } = await import("@/lib/queries/choose-timeline-text-plan");
      const { insertTimelineRows } = await import("@/lib/ingest/insert-timeline-rows");
      await db.bundle.create({ data: { id: "s4", caseId: "unfiled", sha256: "s4".padEnd(64, "0"), fileName: "s4.tar.gz", sizeBytes: 1, status: "ready" } });
      // 64k events over 64k s: the first 48k all hold the term, the last 16k one in two.
      const n = 64_000;
      const rows = Array.from({ length: n }, (_, i) => ({ bundleId: "s4", ts: new Date(T0 + i * 1000), tsMicros: 0, source: SOURCES[i % 4]!, severity: null, label: "l", text: i < 48_000 || i % 2 ? `busy-term ${i}` : `quiet ${i}`, artifact: null, line: null }));
      for (let i = 0; i < n; i += 1000) await insertTimelineRows(rows.slice(i, i + 1000), pg ? "postgres" : "sqlite");
      await t.mods().index.indexTimelineText("s4");
      const f = { ...none, q: "busy-term" };
      const exact = 48_000 + 8_000;
      expect(exact).toBeGreaterThan(INDEX_PLAN_MAX_MATCHES);
      expect(await t.mods().count.countTimelineEvents({ bundleId: "s4", filter: f })).toBe(exact);
      if (pg) {
        // PostgreSQL counts and charts every match through its trigram index: exact, never capped.
        expect(await t.mods().count.countTimelineEventsForList({ bundleId: "s4", filter: f })).toEqual({ total: exact, capped: false });
        const h = await t.mods().hist.getTimelineHistogram({ bundleId: "s4", filter: f, maxBuckets: 64 });
        expect(h.sampledOneIn).toBeUndefined();
        expect(h.total).toBe(exact);
        return;
      }
      expect(await t.mods().count.countTimelineEventsForList({ bundleId: "s4", filter: f })).toEqual({ total: t.mods().count.SEARCH_COUNT_CAP, capped: true });
      // Fewer matches than the cap are counted exactly, by the same function.
      expect(await t.mods().count.countTimelineEventsForList({ bundleId: "s4", filter: { ...f, from: T0, to: T0 + 5_000_000 } })).toEqual({ total: 5_000, capped: false });
      const h = await t.mods().hist.getTimelineHistogram({ bundleId: "s4", filter: f, maxBuckets: 64 });
      expect(h.sampledOneIn).toBe(128);
      // A 1-in-128 sample of 56k matches holds ~440; four standard errors (~21 each) is ~19%.
      expect(Math.abs(h.total - exact) / exact).toBeLessThan(0.19);
      // ... and keeps the shape: the dense first three quarters hold ~6/7 of the matches.
      const cut = T0 + 48_000_000;
      const early = h.counts.reduce((sum, c, i) => (h.start + (i + 1) * h.step <= cut ? sum + Object.values(c).reduce((a, b) => a + b, 0) : sum), 0);
      expect(Math.abs(early / h.total - 6 / 7)).toBeLessThan(0.07);
      // A term this bundle holds rarely is counted exactly, even when the plan samples.
      const rare = await t.mods().hist.getTimelineHistogram({ bundleId: "s4", filter: { ...f, from: T0 + 60_000_000, to: T0 + 60_300_000 }, maxBuckets: 10 });
      expect(rare.sampledOneIn).toBeUndefined();
      expect(rare.total).toBe(150);
    });

    it("histogram: sources are known ones, each once; an unknown-only list selects nothing", async () => {
      const h = t.mods().hist;
      const journal = oracle({ ...none, sources: ["journal"] }).length;
      const dup = await h.getTimelineHistogram({ bundleId: "s1", filter: { ...none, sources: ["journal", "journal", "bogus"] }, maxBuckets: 60 });
      expect(dup.total).toBe(journal);
      expect(dup.sources).toEqual(["journal"]);
      const bogus = await h.getTimelineHistogram({ bundleId: "s1", filter: { ...none, sources: ["bogus"] }, maxBuckets: 60 });
      expect(bogus.total).toBe(0);
      const huge = await h.getTimelineHistogram({ bundleId: "s1", filter: none, maxBuckets: 1_000_000 });
      expect(huge.counts.length).toBeLessThanOrEqual(400);
      expect(huge.total).toBe(N);
    });
  });
}
