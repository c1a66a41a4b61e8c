import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

vi.mock("server-only", () => ({}));
import { LocalBlobStore } from "@/lib/storage/local-blob-store";
import { MAX_HITS, searchArtifactLines } from "./search-artifact-lines";

// Real stored artifacts (chunked gzip in a temp data dir); budgets counted in bytes and lines.
let root: string;
let store: LocalBlobStore;
let key: string;
const N = 100_000;
const LINE = (i: number) => `2026-11-23T10:00:00Z kernel: line ${String(i).padStart(6, "0")} ${i === 90_000 ? "NEEDLE here" : "nothing"}`;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "nb-search-"));
  store = new LocalBlobStore(root);
  const body = Array.from({ length: N }, (_, i) => LINE(i + 1)).join("\n") + "\n";
  key = (await store.putArtifact("s1", "logs/journal/kernel.txt", Buffer.from(body)))!.storageKey;
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("searchArtifactLines", () => {
  it("finds a match anywhere when the file fits the budget", async () => {
    const r = await searchArtifactLines({ bundleId: "s1", storageKey: key, q: "needle", store });
    expect(r).toEqual({ hits: [{ line: 90_000, text: LINE(90_000) }], truncated: false, stopped: null });
  });

  it("stops when the bytes budget is spent, says where, and goes on from there", async () => {
    const perLine = LINE(1).length + 1;
    const r = await searchArtifactLines({ bundleId: "s1", storageKey: key, q: "needle", store, maxBytes: 20_000 * perLine });
    expect(r.hits).toEqual([]);
    expect(r.stopped).toMatchObject({ nextLine: 20_001, reason: "bytes" });
    expect(r.stopped!.scannedBytes).toBe(20_000 * perLine);
    const on = await searchArtifactLines({ bundleId: "s1", storageKey: key, q: "needle", store, from: 80_001, maxBytes: 20_000 * perLine });
    expect(on.hits.map((h) => h.line)).toEqual([90_000]);
    // The budget ends exactly at the last line: nothing left, so not "stopped".
    expect(on.stopped).toBeNull();
  });

  it("stops on the time budget too", async () => {
    const r = await searchArtifactLines({ bundleId: "s1", storageKey: key, q: "needle", store, maxMs: 0 });
    expect(r.stopped).toMatchObject({ nextLine: 2, reason: "time" });
  });

  it("stops at MAX_HITS lines", async () => {
    const r = await searchArtifactLines({ bundleId: "s1", storageKey: key, q: "kernel", store });
    expect(r.hits).toHaveLength(MAX_HITS);
    expect(r.hits.at(-1)?.line).toBe(MAX_HITS);
    expect(r).toMatchObject({ truncated: true, stopped: null });
  });
});
