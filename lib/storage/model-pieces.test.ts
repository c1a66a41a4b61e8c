import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

vi.mock("server-only", () => ({}));
import { LocalBlobStore } from "./local-blob-store";

let root: string;
let store: LocalBlobStore;
const dirOf = (id: string) => path.join(root, "data", "bundles", id);
const model = { bundle: { host: "n1" }, processes: Array.from({ length: 5000 }, (_, pid) => ({ pid, args: `proc ${pid}` })), captures: [{ artifact: "pcap/eth0.pcap", packets: 3 }], sysctls: { "net.ipv4.ip_forward": "1" }, errors: [] as string[] };

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "nb-model-"));
  store = new LocalBlobStore(path.join(root, "data"));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("model pieces", () => {
  it("stores one piece per key and reads only the pieces asked for", async () => {
    await store.putModel("m1", model);
    expect((await fs.readdir(path.join(dirOf("m1"), "model"))).sort()).toEqual(["bundle.json.gz", "captures.json.gz", "errors.json.gz", "meta.json", "processes.json.gz", "sysctls.json.gz"]);
    expect(await store.readModelMeta("m1")).toEqual({ version: 1, keys: ["bundle", "processes", "captures", "sysctls", "errors"], lengths: { bundle: 1, processes: 5000, captures: 1, sysctls: 1, errors: 0 } });
    // A page that shows captures never opens the processes piece: here it could not, it is garbage.
    await fs.writeFile(path.join(dirOf("m1"), "model", "processes.json.gz"), "not gzip");
    expect(await store.readModelPieces<typeof model, "captures" | "bundle">("m1", ["captures", "bundle"])).toEqual({ captures: model.captures, bundle: model.bundle });
    await expect(store.readModel("m1")).rejects.toThrow();
    expect(await store.readModelPieces<typeof model, "bundle">("nosuch", ["bundle"])).toBeNull();
  });

  it("round-trips the whole model and replaces a previous one", async () => {
    await store.putModel("m2", { bundle: { host: "old" }, stale: [1] });
    await store.putModel("m2", model);
    expect(await store.readModel("m2")).toEqual(model);
    expect((await fs.readdir(dirOf("m2"))).filter((n) => n.startsWith("model"))).toEqual(["model"]);
    await store.clearDerived("m2");
    expect(await store.readModel("m2")).toBeNull();
  });

  it("opens a bundle stored before pieces (one model.json.gz) and splits it once", async () => {
    await fs.mkdir(dirOf("old"), { recursive: true });
    await fs.writeFile(path.join(dirOf("old"), "model.json.gz"), zlib.gzipSync(JSON.stringify(model)));
    expect(await store.readModelPieces<typeof model, "captures">("old", ["captures"])).toEqual({ captures: model.captures });
    expect(await fs.stat(path.join(dirOf("old"), "model.json.gz")).catch(() => null)).toBeNull();
    expect((await store.readModelMeta("old"))?.lengths.processes).toBe(5000);
    expect(await store.readModel("old")).toEqual(model);
  });

  it("serves concurrent first views of an old bundle, and reads during a re-ingest's swap", async () => {
    await fs.mkdir(dirOf("old2"), { recursive: true });
    await fs.writeFile(path.join(dirOf("old2"), "model.json.gz"), zlib.gzipSync(JSON.stringify(model)));
    const views = await Promise.all(Array.from({ length: 6 }, () => store.readModelPieces<typeof model, "captures">("old2", ["captures"])));
    expect(views).toEqual(Array(6).fill({ captures: model.captures }));
    const next = { ...model, captures: [] };
    const [, during] = await Promise.all([store.putModel("old2", next), store.readModelPieces<typeof model, "bundle">("old2", ["bundle"])]);
    expect(during).toEqual({ bundle: model.bundle });
    expect(await store.readModelPieces<typeof model, "captures">("old2", ["captures"])).toEqual({ captures: [] });
    expect((await fs.readdir(dirOf("old2"))).sort()).toEqual(["model"]);
  });

  it("refuses a key that cannot be a file name", async () => {
    await expect(store.putModel("m3", { "../x": 1 })).rejects.toThrow(/piece/);
  });
});
