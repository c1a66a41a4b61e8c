// The disk reserve of uploads, on this machine's real filesystem: the reserve is set just
// below the free space the test measures, so the refusal is real, not simulated.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

vi.mock("server-only", () => ({}));
import { LocalBlobStore } from "./local-blob-store";
import { freeBytes, receiveUpload } from "./receive-upload";

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
    const up = await receiveUpload(lazy(3 * MIB, { bytes: 0 }), { maxBytes: 10 * MIB, store, reserveBytes: MIB });
    expect(up.sizeBytes).toBe(3 * MIB);
    await fs.rm(up.tmpPath);
  });

  it("refuses a declared upload that would eat into the reserve before reading a byte", async () => {
    const free = await freeBytes(os.tmpdir());
    const pulled = { bytes: 0 };
    const err = await receiveUpload(lazy(512 * MIB, pulled), { maxBytes: 4096 * MIB, store, reserveBytes: free - 64 * MIB, declaredBytes: 512 * MIB }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INSUFFICIENT_STORAGE", status: 507 });
    expect((err as Error).message).toMatch(/low on disk space: it keeps [\d.]+ GiB free/);
    expect(pulled.bytes).toBe(0);
    expect(await tmpFiles()).toEqual([]);
  });

  it("cuts an undeclared upload as soon as it reaches the reserve, and removes what it wrote", async () => {
    const free = await freeBytes(os.tmpdir());
    const pulled = { bytes: 0 };
    const err = await receiveUpload(lazy(1024 * MIB, pulled), { maxBytes: 4096 * MIB, store, reserveBytes: free - 64 * MIB }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INSUFFICIENT_STORAGE", status: 507 });
    // stopped near the 64 MiB that were left (checked every 16 MiB), far from the gigabyte offered
    expect(pulled.bytes).toBeGreaterThanOrEqual(48 * MIB);
    expect(pulled.bytes).toBeLessThan(256 * MIB);
    expect(await tmpFiles()).toEqual([]);
  });
});
