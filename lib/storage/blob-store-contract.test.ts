// The BlobStore contract, run against both stores: the data directory (LocalBlobStore) and an
// S3-compatible bucket (S3BlobStore through the real AWS SDK, on s3rver on loopback, with a
// multipart upload of the original and ranged GETs of artifact members).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
vi.mock("server-only", () => ({}));
import type { BlobStore } from "./blob-store";
import { LINES_PER_CHUNK } from "./chunked-gzip";
import { MAX_VIEW_LINE_CHARS } from "./line-pages";
import { LocalBlobStore } from "./local-blob-store";
import { S3BlobStore } from "./s3-blob-store";
import { startTestS3, type TestS3 } from "@/test/support/s3/s3-server";

const ID = "b_contract1";

function contract(name: string, make: (root: string) => Promise<{ store: BlobStore; forgetLocal?: () => Promise<void> }>) {
  describe(`BlobStore contract: ${name}`, () => {
    let root: string;
    let store: BlobStore;
    let forgetLocal: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), "nb-blob-contract-"));
      ({ store, forgetLocal } = await make(path.join(root, "data")));
    });
    afterAll(async () => {
      await fs.rm(root, { recursive: true, force: true });
    });

    it("keeps the original (bigger than one multipart part) and finds it again", async () => {
      const tmp = await store.tempPath();
      const body = Buffer.alloc(17 * 1024 * 1024 + 123, 1);
      body.write("netbundle", 9 * 1024 * 1024);
      await fs.writeFile(tmp, body);
      const at = await store.putOriginal(ID, tmp, "tar.gz");
      expect((await fs.readFile(at)).equals(body)).toBe(true);
      await forgetLocal?.();
      const found = await store.findOriginal(ID);
      expect(found && (await fs.readFile(found)).equals(body)).toBe(true);
      expect(await store.findOriginal("b_none")).toBeNull();
    });

    it("pages artifact lines across gzip members, clips huge lines, refuses binary", async () => {
      const lines = Array.from({ length: LINES_PER_CHUNK * 2 + 10 }, (_, i) => (i === 5 ? "x".repeat(MAX_VIEW_LINE_CHARS * 3) : `line ${i + 1}`));
      const stored = await store.putArtifact(ID, "netns/1/ss-tcp.txt", Buffer.from(lines.join("\n") + "\n"));
      expect(stored).toMatchObject({ lineCount: lines.length });
      const page = await store.readArtifactLines(ID, stored!.storageKey, { start: LINES_PER_CHUNK - 1, count: 4 });
      expect(page).toEqual({ start: LINES_PER_CHUNK - 1, lines: [`line ${LINES_PER_CHUNK - 1}`, `line ${LINES_PER_CHUNK}`, `line ${LINES_PER_CHUNK + 1}`, `line ${LINES_PER_CHUNK + 2}`], totalLines: lines.length });
      const clipped = await store.readArtifactLines(ID, stored!.storageKey, { start: 6, count: 1 });
      expect(clipped.lines[0]).toBe(`${"x".repeat(MAX_VIEW_LINE_CHARS)}… (${MAX_VIEW_LINE_CHARS * 2} more characters)`);
      expect(await store.putArtifact(ID, "pcap/x.pcap", Buffer.from([0xd4, 0xc3, 0, 0]))).toBeNull();
    });

    it("reads back a one-member text (stored without an index) and an empty one", async () => {
      const small = await store.putArtifact(ID, "host/uname.txt", Buffer.from("Linux node 6.1\nsecond line\n"));
      expect(small).toMatchObject({ lineCount: 2 });
      expect(await store.readArtifactLines(ID, small!.storageKey, { start: 2, count: 10 })).toEqual({ start: 2, lines: ["second line"], totalLines: 2 });
      const empty = await store.putArtifact(ID, "host/empty.txt", Buffer.alloc(0));
      expect(await store.readArtifactLines(ID, empty!.storageKey, { start: 1, count: 10 })).toEqual({ start: 1, lines: [], totalLines: 0 });
    });

    it("stores the model as pieces, reads some or all, and a new model drops the pieces it lacks", async () => {
      await store.putModel(ID, { bundle: { host: "n1" }, netns: [1, 2, 3], captures: [] });
      expect(await store.readModelMeta(ID)).toEqual({ version: 1, keys: ["bundle", "netns", "captures"], lengths: { bundle: 1, netns: 3, captures: 0 } });
      expect(await store.readModelPieces<{ netns: number[]; bundle: object }, "netns">(ID, ["netns"])).toEqual({ netns: [1, 2, 3] });
      await store.putModel(ID, { bundle: { host: "n2" }, netns: [] });
      expect(await store.readModel(ID)).toEqual({ bundle: { host: "n2" }, netns: [] });
      expect(await store.readModelPieces<{ captures: unknown[] }, "captures">(ID, ["captures"])).toEqual({});
      expect(await store.readModel("b_none")).toBeNull();
    });

    it("clearDerived keeps the original; removeBundle removes everything; bundleBytes follows", async () => {
      expect(await store.bundleBytes(ID)).toBeGreaterThan(17 * 1024 * 1024);
      await store.clearDerived(ID);
      expect(await store.readModelMeta(ID)).toBeNull();
      expect(await store.findOriginal(ID)).not.toBeNull();
      await store.removeBundle(ID);
      await forgetLocal?.();
      expect(await store.findOriginal(ID)).toBeNull();
      expect(await store.bundleBytes(ID)).toBe(0);
    });

    it("reports itself healthy", async () => {
      expect(await store.health()).toMatchObject({ ok: true });
    });

    it("refuses ids and keys that are not its own names", async () => {
      await expect(store.readArtifactLines("../x", "0".repeat(40), { start: 1, count: 1 })).rejects.toThrow();
      await expect(store.readArtifactLines(ID, "../../etc/passwd", { start: 1, count: 1 })).rejects.toThrow();
    });
  });
}

contract("local data directory", async (root) => ({ store: new LocalBlobStore(root) }));

let s3: TestS3 | undefined;
afterAll(async () => {
  await s3?.stop();
});
contract("S3-compatible bucket", async (root) => {
  s3 = await startTestS3();
  return {
    store: new S3BlobStore(s3.config, root, s3.client),
    // the local cache of originals is only a cache: drop it to read back from the bucket
    forgetLocal: () => fs.rm(path.join(root, "cache"), { recursive: true, force: true }),
  };
});

describe("S3 store health", () => {
  it("says the bucket is not reachable, without credentials in the detail", async () => {
    const s3b = await startTestS3("netbundle-health");
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "nb-blob-health-"));
    try {
      const store = new S3BlobStore({ ...s3b.config, bucket: "no-such-bucket" }, root);
      const h = await store.health();
      expect(h.ok).toBe(false);
      expect(h.detail).toMatch(/^bucket no-such-bucket not reachable: \w+/);
      expect(h.detail).not.toContain("S3RVER");
    } finally {
      await s3b.stop();
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
