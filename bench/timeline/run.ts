/**
 * Timeline at scale: seeds one bundle with N timeline events (default 1,000,000) through the
 * ingest job's own batched writer, then times the timeline page's queries (window list,
 * count, histogram) at the start, middle and end of the range, and the text search: one
 * keystroke's requests (page 1 + total + histogram) through the text index (FTS5 trigram /
 * pg_trgm) against the row scan the timeline used before (Prisma `contains`, i.e. LIKE), in
 * the same run on the same rows. Prints figures and ratios; asserts nothing.
 *   --no-analyze (pg): search right after seeding, before statistics exist
 *   --no-fts: seed without building the text index (SQLite), to see what the index costs ingest
 *
 *   npx tsx --conditions=react-server bench/timeline/run.ts [--events 1000000] [--pg]
 *   npx tsx --conditions=react-server bench/timeline/run.ts --http http://127.0.0.1:3000/bundles/<id>
 *     (GETs the given page URLs 5 times each against a running `next start`, prints ms)
 *   --keep: leave the seeded SQLite data dir in place (printed) to serve it with
 *     `NETBUNDLE_DATA_DIR=<dir> npx next start` and time the pages with --http.
 */
import { performance } from "node:perf_hooks";
import { createTempPostgres, createTempSqlite } from "@/test/support/db/create-temp-database";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? "") : undefined;
};

async function timeIt<T>(label: string, fn: () => Promise<T>, runs = 5): Promise<T> {
  let out: T | undefined;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} median ${ms[Math.floor(runs / 2)]!.toFixed(1).padStart(8)} ms   min ${ms[0]!.toFixed(1)} ms`);
  return out as T;
}

/** Median of `runs` timings, in ms. */
async function timeMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** The histogram's GROUP BY with the text as a LIKE/ILIKE scan, as before the index. */
async function scanHistogram(db: typeof import("@/lib/db").db, pg: boolean, bundleId: string, q: string) {
  const like = `%${q}%`;
  const sql = pg
    ? `SELECT floor(extract(epoch from "ts") / 720)::int AS b, "source" AS s, COUNT(*) AS n FROM "TimelineEvent" WHERE "bundleId" = $1 AND "text" ILIKE $2 GROUP BY b, "source"`
    : `SELECT CAST(ROUND((julianday("ts") - 2440587.5) * 86400000.0) AS INTEGER) / 720000 AS b, "source" AS s, COUNT(*) AS n FROM "TimelineEvent" WHERE "bundleId" = ? AND "text" LIKE ? GROUP BY b, "source"`;
  return db.$queryRawUnsafe(sql, bundleId, like);
}

async function http(urls: string[]) {
  for (const u of urls) await timeIt(`GET ${u}`, async () => (await fetch(u)).status);
}

async function seedAndQuery(n: number, pg: boolean) {
  const tmp = pg ? await createTempPostgres("nb-bench-pg-") : await createTempSqlite("nb-bench-");
  try {
    const { db, prepareDb } = await import("@/lib/db");
    await prepareDb();
    const { createTimelineWriter } = await import("@/lib/ingest/timeline-writer");
    const { listTimelineEvents } = await import("@/lib/queries/list-timeline-events");
    const { countTimelineEvents, countTimelineEventsForList } = await import("@/lib/queries/count-timeline-events");
    const { getTimelineHistogram } = await import("@/lib/queries/get-timeline-histogram");
    const { ZTimelineFilter } = await import("@/lib/http/timeline-filter-params");
    const noFts = process.argv.includes("--no-fts") && !pg;
    const bundleId = "benchtimeline";
    await db.bundle.create({ data: { id: bundleId, caseId: "unfiled", sha256: bundleId, fileName: "bench.tar.gz", sizeBytes: 0n, status: "ready" } });
    const t0 = Date.parse("2026-11-20T00:00:00Z");
    const sources = ["journal", "log", "process", "pcap"] as const;
    const w = createTimelineWriter(bundleId);
    const start = performance.now();
    for (let i = 0; i < n; i += 10_000) {
      const batch = [];
      for (let j = i; j < Math.min(n, i + 10_000); j++) {
        // ~1 event per 86 ms over a day, 4 sources, every 50th a warning.
        // Every 1000th event is a refused connection (1k of 1M), one is a unique needle.
        const text =
          j === Math.floor(n / 3)
            ? `needle zq9x: conntrack table full, dropping packet`
            : j % 1000 === 7
              ? `connection refused to 198.18.${(j >> 10) & 255}.${j & 255}:8080 (errno 111)`
              : `event ${j} kubelet: pod sandbox changed, it will be killed and re-created`;
        batch.push({ ts: new Date(t0 + Math.floor((j * 86_400_000) / n)).toISOString(), source: sources[j % 4]!, severity: j % 50 === 0 ? ("medium" as const) : undefined, label: `unit-${j % 37}`, text, artifact: "host/journal.txt", line: j + 1 });
      }
      await w.add(batch);
    }
    await w.flush();
    const secs = (performance.now() - start) / 1000;
    console.log(`${pg ? "postgres" : "sqlite"}: seeded ${n} events in ${secs.toFixed(1)} s (${Math.round(n / secs)} events/s, batches of 1000)`);
    if (!pg && !noFts) {
      // as the ingest job does once the timeline is written (migration 0005)
      const { indexTimelineText } = await import("@/lib/ingest/index-timeline-text");
      const i0 = performance.now();
      await indexTimelineText(bundleId, "sqlite");
      const isecs = (performance.now() - i0) / 1000;
      console.log(`sqlite: text index built in ${isecs.toFixed(1)} s; seeding + index ${(secs + isecs).toFixed(1)} s (${Math.round(n / (secs + isecs))} events/s)`);
    }
    const hour = 3_600_000;
    for (const [name, from] of [["start", t0], ["middle", t0 + 12 * hour], ["end", t0 + 23 * hour]] as const) {
      const filter = ZTimelineFilter.parse({ from: String(from), to: String(from + hour) });
      await timeIt(`window list 500 rows (${name}, 1 h)`, () => listTimelineEvents({ bundleId, filter, offset: 0, limit: 500 }));
      await timeIt(`window count (${name}, 1 h)`, () => countTimelineEvents({ bundleId, filter }));
    }
    const all = ZTimelineFilter.parse({});
    await timeIt("histogram whole bundle (120 buckets)", () => getTimelineHistogram({ bundleId, filter: all }));
    await timeIt("histogram 1 h window", () => getTimelineHistogram({ bundleId, filter: ZTimelineFilter.parse({ from: String(t0 + 12 * hour), to: String(t0 + 13 * hour) }) }));
    await timeIt("list page 1 of whole range, source=log", () => listTimelineEvents({ bundleId, filter: ZTimelineFilter.parse({ sources: "log" }), offset: 0, limit: 500 }));

    // PostgreSQL plans by statistics: right after a 1M-row insert they still say "empty" until
    // autovacuum's ANALYZE runs, and the trigram index is then passed over (measured at 1M:
    // 2.1 s for 1k matches, 10 s for a term in every row). Time the steady state; --no-analyze to see that.
    if (pg && !process.argv.includes("--no-analyze")) await timeIt("ANALYZE TimelineEvent (pg)", () => db.$executeRawUnsafe(`ANALYZE "TimelineEvent"`), 1);

    // Text search: what one keystroke asks (the page's three requests, run one after another).
    const { timelineEventWhere } = await import("@/lib/queries/timeline-event-where");
    for (const [name, q] of [["1 match", "needle zq9x"], ["1k matches", "connection refused"], ["every row", "kubelet"]] as const) {
      const filter = ZTimelineFilter.parse({ q });
      const total = await countTimelineEvents({ bundleId, filter });
      console.log(`search "${q}" (${name}): ${total} events`);
      const { chooseTimelineTextPlan } = await import("@/lib/queries/choose-timeline-text-plan");
      let plan = "";
      const probe = await timeMs(3, async () => void (plan = await chooseTimelineTextPlan(q)));
      console.log(pg ? `  (PostgreSQL: ILIKE, the planner picks the trigram index or not)` : `  plan ${plan} (chosen in ${probe.toFixed(1)} ms, once per request)`);
      const runs = 3;
      const indexed = await timeMs(runs, async () => {
        await listTimelineEvents({ bundleId, filter, offset: 0, limit: 200 });
        await countTimelineEvents({ bundleId, filter });
        await getTimelineHistogram({ bundleId, filter });
      });
      // What the timeline page asks per keystroke now: the list's total stops at the cap for a
      // term the index cannot serve, and its histogram is sampled (SQLite); list and total come
      // in one request, the histogram in another (in parallel in the browser; here one after the other).
      let listMs = 0;
      let capped = false;
      let sampled: number | undefined;
      const page = await timeMs(runs, async () => {
        const t = performance.now();
        const [, c] = await Promise.all([listTimelineEvents({ bundleId, filter, offset: 0, limit: 200 }), countTimelineEventsForList({ bundleId, filter })]);
        listMs = performance.now() - t;
        capped = c.capped;
        sampled = (await getTimelineHistogram({ bundleId, filter })).sampledOneIn;
      });
      console.log(`  as the page asks: list+total ${listMs.toFixed(1)} ms${capped ? " (total capped)" : ""}, with histogram ${page.toFixed(1)} ms${sampled ? ` (sampled 1 in ${sampled})` : ""}`);
      if (process.argv.includes("--no-fts") && !pg) {
        console.log(`  (no text index built: these figures mean nothing; --no-fts is for the seeding rate)`);
        continue;
      }
      // The scan the timeline used before: page + count through Prisma's `contains` (LIKE
      // '%q%'), and the histogram's GROUP BY with that LIKE (the whole-range GROUP BY path).
      const where = timelineEventWhere({ bundleId, generation: 0 }, filter);
      const scan = await timeMs(runs, async () => {
        await db.timelineEvent.findMany({ where, orderBy: [{ ts: "asc" }, { id: "asc" }], take: 200, select: { id: true, text: true } });
        await db.timelineEvent.count({ where });
        await scanHistogram(db, pg, bundleId, q);
      });
      console.log(`  indexed: page+count+histogram median ${indexed.toFixed(1)} ms | scan (before): ${scan.toFixed(1)} ms | ${(scan / indexed).toFixed(1)}x faster`);
    }
    await db.$disconnect();
  } finally {
    if (process.argv.includes("--keep") && !pg) console.log(`kept data dir ${tmp.dataDir} (bundle benchtimeline)`);
    else await tmp.cleanup();
  }
}

const urls = process.argv.filter((a) => a.startsWith("http"));
if (arg("http") !== undefined) await http(urls);
else await seedAndQuery(Number(arg("events") ?? 1_000_000), process.argv.includes("--pg"));
