// Receiving an upload into each store. The disk reserve on this machine's real filesystem:
// the reserve is set just below the free space the test measures, so the refusal is real,
// not simulated. The bucket's store on s3rver through the real AWS SDK: the body streams into
// a multipart upload, no local copy, nothing left when it is cut or the bucket fails.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

vi.mock("server-only", () => ({}));
import crypto from "node:crypto";
import { LocalBlobStore } from "./local-blob-store";
import { S3BlobStore } from "./s3-blob-store";
import { freeBytes, receiveUpload } from "./receive-upload";
import { startTestS3, type TestS3 } from "@/test/support/s3/s3-server";

const MIB = 1024 * 1024;
let root: string;
let store: LocalBlobStore;

/** A body of `total` bytes made as it is read, counting what was pulled. */
async function* lazy(total: number, pulled: { bytes: number }): AsyncIterable<Uint8Array> {
  const chunk = new Uint8Array(MIB).fill(7);
  for (let sent = 0; sent < total; sent += chunk.length) {
    pulled.bytes += chunk.length;
    yield chunk;
  }
}

const tmpFiles = async () => fs.readdir(path.join(root, "data", "tmp")).catch(() => []);

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "nb-reserve-"));
  store = new LocalBlobStore(path.join(root, "data"));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("upload disk reserve", () => {
  it("stores an upload that leaves the reserve free", async () => {
    const up = await receiveUpload(lazy(3 * MIB, { bytes: 0 }), { maxBytes: 10 * MIB, store, bundleId: "b_fits", ext: "tar.gz", reserveBytes: MIB });
    expect(up).toEqual({ sizeBytes: 3 * MIB, sha256: crypto.createHash("sha256").update(Buffer.alloc(3 * MIB, 7)).digest("hex") });
    expect((await fs.stat((await store.findOriginal("b_fits"))!)).size).toBe(3 * MIB);
    expect(await tmpFiles()).toEqual([]);
  });

  it("refuses a declared upload that would eat into the reserve before reading a byte", async () => {
    const free = await freeBytes(os.tmpdir());
    const pulled = { bytes: 0 };
    const err = await receiveUpload(lazy(512 * MIB, pulled), { maxBytes: 4096 * MIB, store, bundleId: "b_declared", ext: "tar.gz", reserveBytes: free - 64 * MIB, declaredBytes: 512 * MIB }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INSUFFICIENT_STORAGE", status: 507 });
    expect((err as Error).message).toMatch(/low on disk space: it keeps [\d.]+ GiB free/);
    expect(pulled.bytes).toBe(0);
    expect(await tmpFiles()).toEqual([]);
  });

  it("cuts an undeclared upload as soon as it reaches the reserve, and removes what it wrote", async () => {
    const free = await freeBytes(os.tmpdir());
    const pulled = { bytes: 0 };
    const err = await receiveUpload(lazy(1024 * MIB, pulled), { maxBytes: 4096 * MIB, store, bundleId: "b_cut", ext: "tar.gz", reserveBytes: free - 64 * MIB }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INSUFFICIENT_STORAGE", status: 507 });
    // stopped near the 64 MiB that were left (checked every 16 MiB), far from the gigabyte offered
    expect(pulled.bytes).toBeGreaterThanOrEqual(48 * MIB);
    expect(pulled.bytes).toBeLessThan(256 * MIB);
    expect(await tmpFiles()).toEqual([]);
    expect(await store.findOriginal("b_cut")).toBeNull();
  });
});

describe("upload into an S3-compatible bucket", () => {
  let s3: TestS3;
  let local: string;
  let bucket: S3BlobStore;
  beforeAll(async () => {
    s3 = await startTestS3("netbundle-uploads");
    local = path.join(root, "s3-local");
    bucket = new S3BlobStore(s3.config, local, s3.client);
  });
  afterAll(async () => {
    await s3.stop();
  });
  const localFiles = async () => (await fs.readdir(local, { recursive: true }).catch(() => [] as string[])).filter((n) => /\.part$|original\./.test(n));

  it("streams an upload of several parts into the bucket without a local copy, hashed as it came", async () => {
    const pulled = { bytes: 0 };
    const up = await receiveUpload(lazy(37 * MIB, pulled), { maxBytes: 100 * MIB, store: bucket, bundleId: "b_s3", ext: "tar.gz", reserveBytes: 10 * 1024 * MIB * 1024 });
    // the reserve is about the data disk, which a bucket upload does not fill: no refusal
    expect(up).toEqual({ sizeBytes: 37 * MIB, sha256: crypto.createHash("sha256").update(Buffer.alloc(37 * MIB, 7)).digest("hex") });
    expect(await localFiles()).toEqual([]);
    expect(await bucket.bundleBytes("b_s3")).toBe(37 * MIB);
    const fetched = await bucket.findOriginal("b_s3");
    expect(crypto.createHash("sha256").update(await fs.readFile(fetched!)).digest("hex")).toBe(up.sha256);
  });

  it("cuts an upload past the limit and leaves no object behind", async () => {
    const pulled = { bytes: 0 };
    const err = await receiveUpload(lazy(200 * MIB, pulled), { maxBytes: 40 * MIB, store: bucket, bundleId: "b_s3big", ext: "tar.gz" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(pulled.bytes).toBeLessThan(80 * MIB);
    expect(await bucket.bundleBytes("b_s3big")).toBe(0);
  });

  it("answers 503 with the store's reason when the bucket cannot take it, keeping nothing", async () => {
    const gone = new S3BlobStore({ ...s3.config, bucket: "no-such-bucket" }, path.join(root, "s3-gone"), s3.client);
    const err = await receiveUpload(lazy(20 * MIB, { bytes: 0 }), { maxBytes: 100 * MIB, store: gone, bundleId: "b_s3gone", ext: "tar.gz" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "SERVICE_UNAVAILABLE", status: 503 });
    expect((err as Error).message).toMatch(/^The bundle could not be stored: NoSuchBucket \(HTTP 404\)\. Nothing was kept/);
    expect((err as Error).message).not.toContain("127.0.0.1");
  });
});
