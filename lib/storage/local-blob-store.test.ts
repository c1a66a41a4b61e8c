import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

vi.mock("server-only", () => ({}));
import { LocalBlobStore, MAX_VIEW_LINE_CHARS } from "./local-blob-store";
import { LINES_PER_CHUNK } from "./chunked-gzip";

let root: string;
let store: LocalBlobStore;

async function listAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listAll(p)));
    else out.push(p);
  }
  return out;
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "nb-blob-"));
  store = new LocalBlobStore(path.join(root, "data"));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("LocalBlobStore", () => {
  it("keeps hostile artifact paths inside the bundle folder", async () => {
    const hostile = ["../../etc/passwd", "/etc/shadow", "..\\..\\x", "a/../../../b", "\u0000nul", "x/".repeat(300)];
    for (const p of hostile) {
      const stored = await store.putArtifact("b1", p, Buffer.from(`text of ${JSON.stringify(p)}\n`));
      expect(stored?.storageKey).toMatch(/^[a-f0-9]{40}$/);
    }
    const files = await listAll(path.join(root, "data"));
    // one file each: single-member texts need no index file
    expect(files.length).toBe(hostile.length);
    for (const f of files) expect(f.startsWith(path.join(root, "data", "bundles", "b1"))).toBe(true);
    await expect(fs.access(path.join(root, "etc"))).rejects.toThrow();
  });

  it("rejects ids and keys that could name a path", async () => {
    await expect(store.putArtifact("../x", "a", Buffer.from("a"))).rejects.toThrow(/invalid bundle id/);
    await expect(store.readArtifactLines("b1", "../../etc/passwd", { start: 1, count: 1 })).rejects.toThrow(/invalid storage key/);
    await expect(store.putOriginal("b1", "/nonexistent", "../../x")).rejects.toThrow(/invalid original extension/);
  });

  it("pages lines across gzip members and stays a valid .gz file", async () => {
    const n = LINES_PER_CHUNK * 3 + 17;
    const text = Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const stored = await store.putArtifact("b2", "var/log/big.log", Buffer.from(text));
    expect(stored?.lineCount).toBe(n);
    const page = await store.readArtifactLines("b2", stored!.storageKey, { start: LINES_PER_CHUNK - 1, count: 4 });
    expect(page.lines).toEqual([`line ${LINES_PER_CHUNK - 1}`, `line ${LINES_PER_CHUNK}`, `line ${LINES_PER_CHUNK + 1}`, `line ${LINES_PER_CHUNK + 2}`]);
    expect(page.totalLines).toBe(n);
    const tail = await store.readArtifactLines("b2", stored!.storageKey, { start: n - 1, count: 100 });
    expect(tail.lines).toEqual([`line ${n - 1}`, `line ${n}`]);
    const gz = await fs.readFile(path.join(root, "data", "bundles", "b2", "artifacts", `${stored!.storageKey}.gz`));
    expect(zlib.gunzipSync(gz).toString()).toBe(text);
  });

  it("skips binary bodies, round-trips the model and removes a bundle", async () => {
    expect(await store.putArtifact("b3", "cap.pcap", Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0, 0]))).toBeNull();
    await store.putModel("b3", { bundle: { host: "n1" } });
    expect(await store.readModel("b3")).toEqual({ bundle: { host: "n1" } });
    const tmp = await store.tempPath();
    await fs.writeFile(tmp, "archive");
    const orig = await store.putOriginal("b3", tmp, "tar.gz");
    expect(await store.findOriginal("b3")).toBe(orig);
    await store.removeBundle("b3");
    expect(await store.findOriginal("b3")).toBeNull();
  });

  it("sweeps only stale upload temp files", async () => {
    const old = await store.tempPath();
    const fresh = await store.tempPath();
    await fs.writeFile(old, "x");
    await fs.writeFile(fresh, "y");
    const past = new Date(Date.now() - 3 * 3600_000);
    await fs.utimes(old, past, past);
    expect(await store.sweepTemp(3600_000)).toBe(1);
    await expect(fs.access(old)).rejects.toThrow();
    await expect(fs.access(fresh)).resolves.toBeUndefined();
  });
});

describe("artifact pages with a huge line", () => {
  it("clip the line for the viewer and say how much was left out", async () => {
    const huge = "x".repeat(MAX_VIEW_LINE_CHARS * 50);
    const put = await store.putArtifact("b-clip", "host/huge.txt", Buffer.from(`short\n${huge}\nafter\n`));
    expect(put).not.toBeNull();
    const page = await store.readArtifactLines("b-clip", put!.storageKey, { start: 1, count: 10 });
    expect(page.lines[0]).toBe("short");
    expect(page.lines[1]).toBe(`${"x".repeat(MAX_VIEW_LINE_CHARS)}… (${MAX_VIEW_LINE_CHARS * 49} more characters)`);
    expect(page.lines[2]).toBe("after");
  });
});
