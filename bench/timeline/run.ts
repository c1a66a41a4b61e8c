/**
 * Timeline at scale: seeds one bundle with N timeline events (default 1,000,000) through the
 * ingest job's own batched writer, then times the timeline page's queries (window list,
 * count, histogram) at the start, middle and end of the range. Prints figures; asserts nothing.
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
    const { countTimelineEvents } = await import("@/lib/queries/count-timeline-events");
    const { getTimelineHistogram } = await import("@/lib/queries/get-timeline-histogram");
    const { ZTimelineFilter } = await import("@/lib/http/timeline-filter-params");
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
        batch.push({ ts: new Date(t0 + Math.floor((j * 86_400_000) / n)).toISOString(), source: sources[j % 4]!, severity: j % 50 === 0 ? ("medium" as const) : undefined, label: `unit-${j % 37}`, text: `event ${j} kubelet: pod sandbox changed, it will be killed and re-created`, artifact: "host/journal.txt", line: j + 1 });
      }
      await w.add(batch);
    }
    await w.flush();
    const secs = (performance.now() - start) / 1000;
    console.log(`${pg ? "postgres" : "sqlite"}: seeded ${n} events in ${secs.toFixed(1)} s (${Math.round(n / secs)} events/s, batches of 1000)`);
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
    await db.$disconnect();
  } finally {
    if (process.argv.includes("--keep") && !pg) console.log(`kept data dir ${tmp.dataDir} (bundle benchtimeline)`);
    else await tmp.cleanup();
  }
}

const urls = process.argv.filter((a) => a.startsWith("http"));
if (arg("http") !== undefined) await http(urls);
else await seedAndQuery(Number(arg("events") ?? 1_000_000), process.argv.includes("--pg"));
