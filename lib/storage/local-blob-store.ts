import crypto from "node:crypto";
import fs from "node:fs/promises";
import { constants as fsConstants, createWriteStream, writeFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BlobStore, LinePage, LineRange, ModelMeta, StoreHealth, StoredArtifact } from "./blob-store";
import { readModelMeta, readModelPieces, removeModel, writeModelPieces } from "./model-pieces";
import { encodeChunked, needsIndexFile, singleMemberIndex, type ChunkIndex } from "./chunked-gzip";
import { readLinePage } from "./line-pages";
import { artifactStorageKey, assertBundleId, assertOriginalExt, assertStorageKey, within } from "./paths";

/**
 * Layout under `root` (NETBUNDLE_DATA_DIR):
 *   tmp/<random>.part                       uploads in progress
 *   bundles/<id>/original.<ext>             the uploaded archive, as received
 *   bundles/<id>/artifacts/<sha1>.gz|.idx   artifact texts (chunked gzip + member index)
 *   bundles/<id>/model/<key>.json.gz        the NodeModel of the last successful ingest, one piece per key
 *   bundles/<id>/model.json.gz              the same, whole, from before pieces (split on first read)
 */
export { MAX_VIEW_LINE_CHARS } from "./line-pages";

export class LocalBlobStore implements BlobStore {
  /** Artifact folders made by this process: one mkdir per bundle, not one per artifact. */
  private readonly madeDirs = new Set<string>();

  constructor(readonly root: string) {}

  private bundleDir(id: string): string {
    return within(this.root, "bundles", assertBundleId(id));
  }

  async tempPath(): Promise<string> {
    const dir = within(this.root, "tmp");
    await fs.mkdir(dir, { recursive: true });
    return within(dir, `${crypto.randomBytes(12).toString("hex")}.part`);
  }

  async putOriginal(bundleId: string, fromFile: string, ext: string): Promise<string> {
    const dir = this.bundleDir(bundleId);
    await fs.mkdir(dir, { recursive: true });
    const dest = within(dir, `original.${assertOriginalExt(ext)}`);
    await fs.rename(fromFile, dest);
    return dest;
  }

  async receiveOriginal(bundleId: string, ext: string, body: Readable): Promise<void> {
    // Into tmp/ first, renamed in once whole: a cut-off upload is never taken for an original.
    const tmp = await this.tempPath();
    try {
      await pipeline(body, createWriteStream(tmp, { flags: "wx" }));
      await this.putOriginal(bundleId, tmp, ext);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  async uploadDiskDir(): Promise<string | null> {
    const dir = within(this.root, "tmp");
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }

  async findOriginal(bundleId: string): Promise<string | null> {
    const dir = this.bundleDir(bundleId);
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    const name = names.find((n) => n.startsWith("original."));
    return name ? within(dir, name) : null;
  }

  async putArtifact(bundleId: string, artifactPath: string, body: Buffer): Promise<StoredArtifact | null> {
    if (body.subarray(0, 8192).includes(0)) return null;
    const key = artifactStorageKey(artifactPath);
    const dir = within(this.bundleDir(bundleId), "artifacts");
    if (!this.madeDirs.has(dir)) {
      await fs.mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const { gz, index } = encodeChunked(body.toString("utf8"));
    // Synchronous on purpose: the analysis child calls this, off the server's event loop, once
    // per artifact; fs.promises' thread-pool round trips cost ~250 µs of CPU per file against
    // ~27 µs (a bundle of 100k tiny members: ~25 s of CPU). beginIngest's clearDerived has
    // removed the last run's texts, so no stale index file can be left beside a new text.
    writeFileSync(within(dir, `${key}.gz`), gz);
    if (needsIndexFile(index)) writeFileSync(within(dir, `${key}.idx`), JSON.stringify(index));
    return { storageKey: key, lineCount: index.lineCount, sizeBytes: body.length };
  }

  /** Lines for the viewer, inflating only the gzip members that hold them. */
  async readArtifactLines(bundleId: string, storageKey: string, range: LineRange): Promise<LinePage> {
    const dir = within(this.bundleDir(bundleId), "artifacts");
    const key = assertStorageKey(storageKey);
    const idx = await fs.readFile(within(dir, `${key}.idx`), "utf8").catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : Promise.reject(e)));
    const index = idx !== null ? (JSON.parse(idx) as ChunkIndex) : singleMemberIndex(await fs.readFile(within(dir, `${key}.gz`)));
    const fh = await fs.open(within(dir, `${key}.gz`), "r");
    try {
      return await readLinePage(index, range, async (offset, length) => {
        const buf = Buffer.alloc(length);
        await fh.read(buf, 0, length, offset);
        return buf;
      });
    } finally {
      await fh.close();
    }
  }

  async putModel(bundleId: string, model: object): Promise<void> {
    await writeModelPieces(this.bundleDir(bundleId), model);
  }

  async readModel<T = unknown>(bundleId: string): Promise<T | null> {
    const meta = await readModelMeta(this.bundleDir(bundleId));
    return meta ? ((await readModelPieces(this.bundleDir(bundleId), meta.keys)) as T | null) : null;
  }

  async readModelPieces<T extends object, K extends keyof T & string>(bundleId: string, keys: readonly K[]): Promise<Pick<T, K> | null> {
    return (await readModelPieces(this.bundleDir(bundleId), keys)) as Pick<T, K> | null;
  }

  async readModelMeta(bundleId: string): Promise<ModelMeta | null> {
    return readModelMeta(this.bundleDir(bundleId));
  }

  async clearDerived(bundleId: string): Promise<void> {
    const dir = this.bundleDir(bundleId);
    await fs.rm(within(dir, "artifacts"), { recursive: true, force: true });
    await removeModel(dir);
  }

  async removeBundle(bundleId: string): Promise<void> {
    await fs.rm(this.bundleDir(bundleId), { recursive: true, force: true });
  }

  async bundleBytes(bundleId: string): Promise<number> {
    let total = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const p = within(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) total += (await fs.lstat(p).catch(() => null))?.size ?? 0;
      }
    };
    await walk(this.bundleDir(bundleId));
    return total;
  }

  async health(): Promise<StoreHealth> {
    try {
      await fs.mkdir(this.root, { recursive: true });
      await fs.access(this.root, fsConstants.W_OK);
      const st = await fs.statfs(this.root);
      return { ok: true, kind: "local", detail: `data dir writable, ${(Number(st.bavail) * Number(st.bsize) / 1024 ** 3).toFixed(1)} GiB free` };
    } catch (e) {
      return { ok: false, kind: "local", detail: `data dir not usable: ${(e as NodeJS.ErrnoException).code ?? "error"}` };
    }
  }

  async sweepTemp(olderThanMs: number): Promise<number> {
    const dir = within(this.root, "tmp");
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names.filter((n) => /^[a-f0-9]{24}\.part$/.test(n))) {
      const file = within(dir, name);
      const st = await fs.stat(file).catch(() => null);
      if (st && Date.now() - st.mtimeMs > olderThanMs) {
        await fs.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
