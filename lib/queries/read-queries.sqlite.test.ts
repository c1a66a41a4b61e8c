import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";

vi.mock("server-only", () => ({}));

// The page read queries against a real SQLite file with every migration applied.
let tmp: TempDatabase;
let q: {
  db: typeof import("@/lib/db");
  listBundles: typeof import("./list-bundles");
  getBundle: typeof import("./get-bundle");
  listFindings: typeof import("./list-findings");
  getFinding: typeof import("./get-finding");
  hist: typeof import("./get-timeline-histogram");
  events: typeof import("./list-timeline-events");
  count: typeof import("./count-timeline-events");
  shims: typeof import("./list-orphaned-shim-pids");
};

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const SOURCES = ["journal", "process", "finding"];
const N = 3000;

beforeAll(async () => {
  tmp = await createTempSqlite("nbfe-read-");
  q = {
    db: await import("@/lib/db"),
    listBundles: await import("./list-bundles"),
    getBundle: await import("./get-bundle"),
    listFindings: await import("./list-findings"),
    getFinding: await import("./get-finding"),
    hist: await import("./get-timeline-histogram"),
    events: await import("./list-timeline-events"),
    count: await import("./count-timeline-events"),
    shims: await import("./list-orphaned-shim-pids"),
  };
  const db = q.db.db;
  await db.bundle.create({ data: { id: "b1", caseId: "unfiled", sha256: "a".repeat(64), fileName: "one.tar.gz", sizeBytes: 10, status: "ready", host: "node-alpha", kernel: "6.1.0", severityCounts: JSON.stringify({ critical: 1, low: 1 }), summaryJson: JSON.stringify({ notEvaluated: [{ ruleId: "r", reason: "why" }] }) } });
  await db.bundle.create({ data: { id: "b2", caseId: "unfiled", sha256: "b".repeat(64), fileName: "two.tar.gz", sizeBytes: 20, status: "failed", host: "node-beta", error: "boom" } });
  await db.finding.createMany({
    data: [
      { bundleId: "b1", key: "low:1", ruleId: "z-rule", severity: "low", severityRank: 3, title: "Low one", explanation: "e", remediation: "r", references: "[]", entities: "{}", evidence: "[]" },
      { bundleId: "b1", key: "dup-ip:198.18.0.5", ruleId: "duplicate-ip", severity: "critical", severityRank: 0, title: "IP 198.18.0.5 twice", explanation: "e", remediation: "r", references: JSON.stringify(["https://example.org/x"]), entities: JSON.stringify({ ips: ["198.18.0.5"] }), evidence: JSON.stringify([{ artifact: "netns/1/ip-addr.json", lineStart: 4, lineEnd: 6, excerpt: "a\nb\nc" }]) },
    ],
  });
  // b2's only finding: an orphaned shim (PID 73) and its pause child (80), as the rule names them.
  await db.finding.create({ data: { bundleId: "b2", key: "orphaned-runtime-shim:73", ruleId: "orphaned-runtime-shim", severity: "high", severityRank: 1, title: "Orphaned shim", explanation: "e", remediation: "r", references: "[]", entities: JSON.stringify({ pids: [73, 80], netns: [4026532999] }), evidence: "[]" } });
  // One event per second; every 10th mentions "veth"; sources rotate.
  const rows = Array.from({ length: N }, (_, i) => ({ bundleId: "b1", ts: new Date(T0 + i * 1000), tsMicros: 0, source: SOURCES[i % 3] as string, severity: i % 100 === 0 ? "high" : null, label: "l", text: i % 10 === 0 ? `veth${i} down` : `line ${i}`, artifact: "logs/journal/kernel.txt", line: i + 1 }));
  await db.timelineEvent.createMany({ data: rows });
  // the text index, as the ingest job fills it once a bundle's timeline is written
  await (await import("@/lib/ingest/index-timeline-text")).indexTimelineText("b1", "sqlite");
});

afterAll(async () => {
  await q?.db.db.$disconnect();
  await tmp?.cleanup();
});

describe("bundle queries", () => {
  it("lists newest first, searches host and filters status", async () => {
    expect((await q.listBundles.listBundles()).map((b) => b.id).sort()).toEqual(["b1", "b2"]);
    expect((await q.listBundles.listBundles({ q: "alpha" })).map((b) => b.id)).toEqual(["b1"]);
    expect((await q.listBundles.listBundles({ status: "failed" })).map((b) => b.id)).toEqual(["b2"]);
    const b1 = (await q.listBundles.listBundles({ q: "alpha" }))[0];
    expect(b1?.severityCounts).toEqual({ critical: 1, low: 1 });
  });

  it("reads one bundle with its parsed summary, null for an unknown id", async () => {
    const b = await q.getBundle.getBundle({ bundleId: "b1" });
    expect(b?.summary.notEvaluated).toEqual([{ ruleId: "r", reason: "why" }]);
    expect(await q.getBundle.getBundle({ bundleId: "nope" })).toBeNull();
  });
});

describe("finding queries", () => {
  it("orders by severity and counts evidence", async () => {
    const f = await q.listFindings.listFindings({ bundleId: "b1" });
    expect(f.map((x) => x.key)).toEqual(["dup-ip:198.18.0.5", "low:1"]);
    expect(f[0]?.evidenceCount).toBe(1);
  });

  it("lists the pids the orphaned-runtime-shim findings name (for the namespace map)", async () => {
    expect((await q.shims.listOrphanedShimPids({ bundleId: "b2" })).sort()).toEqual([73, 80]);
    expect(await q.shims.listOrphanedShimPids({ bundleId: "b1" })).toEqual([]);
  });

  it("parses the JSON columns of one finding", async () => {
    const f = await q.getFinding.getFinding({ bundleId: "b1", key: "dup-ip:198.18.0.5" });
    expect(f?.evidence[0]).toMatchObject({ artifact: "netns/1/ip-addr.json", lineStart: 4 });
    expect(f?.entities.ips).toEqual(["198.18.0.5"]);
    expect(f?.references).toEqual(["https://example.org/x"]);
    expect(await q.getFinding.getFinding({ bundleId: "b2", key: "dup-ip:198.18.0.5" })).toBeNull();
  });
});

describe("timeline queries", () => {
  const none = { sources: [] as string[], severities: [] as string[], q: undefined };

  it("finds the extent and buckets every event by source (index path)", async () => {
    const h = await q.hist.getTimelineHistogram({ bundleId: "b1", filter: none, maxBuckets: 60 });
    expect(h.extent).toEqual({ min: T0, max: T0 + (N - 1) * 1000 });
    expect(h.total).toBe(N);
    expect(h.step).toBe(60_000); // 3000 s in at most 60 buckets
    expect(h.counts[0]).toEqual({ journal: 20, process: 20, finding: 20 });
    expect(h.sources).toEqual(["finding", "journal", "process"]);
  });

  it("gives the same buckets through the GROUP BY path (text filter)", async () => {
    const h = await q.hist.getTimelineHistogram({ bundleId: "b1", filter: { ...none, q: "veth" }, maxBuckets: 60 });
    expect(h.total).toBe(N / 10);
    // i % 10 === 0 and i % 3 decide the source: in the first minute i = 0,10,..,50.
    expect(h.counts[0]).toEqual({ journal: 2, process: 2, finding: 2 });
  });

  it("zooms into a window and filters by source", async () => {
    const from = T0 + 600_000;
    const h = await q.hist.getTimelineHistogram({ bundleId: "b1", filter: { ...none, from, to: from + 60_000, sources: ["journal"] }, maxBuckets: 60 });
    expect(h.step).toBe(1000);
    expect(h.total).toBe(20);
    expect(Object.keys(h.counts.find((c) => Object.keys(c).length) ?? {})).toEqual(["journal"]);
  });

  it("pages events in time order and counts with the same filter", async () => {
    const page = await q.events.listTimelineEvents({ bundleId: "b1", filter: none, offset: 2990, limit: 50 });
    expect(page).toHaveLength(10);
    expect(page[0]?.line).toBe(2991);
    expect(page.map((e) => e.ts)).toEqual([...page.map((e) => e.ts)].sort());
    expect(await q.count.countTimelineEvents({ bundleId: "b1", filter: { ...none, q: "veth", severities: ["high"] } })).toBe(N / 100);
    const veth = await q.events.listTimelineEvents({ bundleId: "b1", filter: { ...none, q: "veth" }, offset: 0, limit: 5 });
    expect(veth.every((e) => e.text.includes("veth"))).toBe(true);
  });
});
