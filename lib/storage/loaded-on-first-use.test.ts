import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
import { LocalBlobStore } from "./local-blob-store";
import { loadedOnFirstUse } from "./loaded-on-first-use";

describe("loadedOnFirstUse", () => {
  it("loads the store once, on the first call, and forwards every call to it", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "nb-lazy-"));
    try {
      const load = vi.fn(async () => new LocalBlobStore(root));
      const store = loadedOnFirstUse(load);
      expect(load).not.toHaveBeenCalled();
      const [a, b] = await Promise.all([store.putArtifact("b_lazy", "host/x.txt", Buffer.from("one\ntwo\n")), store.findOriginal("b_lazy")]);
      expect(load).toHaveBeenCalledTimes(1);
      expect(b).toBeNull();
      expect(await store.readArtifactLines("b_lazy", a!.storageKey, { start: 2, count: 1 })).toEqual({ start: 2, lines: ["two"], totalLines: 2 });
      expect(load).toHaveBeenCalledTimes(1);
      // not taken for a promise
      expect(await Promise.resolve(store)).toBe(store);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
