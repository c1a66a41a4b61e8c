import fs from "node:fs/promises";
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type _Object,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { BlobStore, LinePage, LineRange, ModelMeta, StoreHealth, StoredArtifact } from "./blob-store";
import { encodeChunked, needsIndexFile, singleMemberIndex, type ChunkIndex } from "./chunked-gzip";
import { readLinePage } from "./line-pages";
import { LocalBlobStore } from "./local-blob-store";
import { decodeModelPiece, encodeModelPieces, storedPieceKeys } from "./model-pieces";
import { artifactStorageKey, assertBundleId, assertOriginalExt, assertStorageKey, within } from "./paths";

export interface S3StoreConfig {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** Multipart part size: S3's minimum is 5 MiB; 16 MiB keeps a 2 GiB original at 128 parts. */
const PART_SIZE = 16 * 1024 * 1024;
/** DeleteObjects takes at most 1000 keys per call. */
const DELETE_BATCH = 1000;

/**
 * Bundle files in an S3-compatible bucket, under the same names as the data directory's:
 *   bundles/<id>/original.<ext>
 *   bundles/<id>/artifacts/<sha1>.gz|.idx    read with ranged GETs, one gzip member at a time
 *   bundles/<id>/model/<key>.json.gz, meta.json
 * Blobs outlive the machine and are shared by web replicas and workers. An upload streams
 * into a multipart upload as it arrives (receiveOriginal); the analyser reads an archive from
 * a path, so findOriginal fetches the original once into the local cache (removed with the bundle).
 */
export class S3BlobStore implements BlobStore {
  private readonly local: LocalBlobStore;
  private readonly s3: S3Client;

  constructor(
    readonly config: S3StoreConfig,
    /** The local data directory: uploads in progress and the cache of originals. */
    readonly localRoot: string,
    client?: S3Client,
  ) {
    this.local = new LocalBlobStore(localRoot);
    this.s3 =
      client ??
      new S3Client({
        endpoint: config.endpoint,
        region: config.region,
        forcePathStyle: config.forcePathStyle,
        credentials: config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
      });
  }

  private prefix(bundleId: string): string {
    return `bundles/${assertBundleId(bundleId)}/`;
  }

  private cacheDir(bundleId: string): string {
    return within(this.localRoot, "cache", assertBundleId(bundleId));
  }

  private async put(key: string, body: Buffer | string, contentType = "application/octet-stream"): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** The object's bytes (or a byte range of them); null when it does not exist. */
  private async get(key: string, range?: { offset: number; length: number }): Promise<Buffer | null> {
    try {
      const r = await this.s3.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: key, ...(range ? { Range: `bytes=${range.offset}-${range.offset + range.length - 1}` } : {}) }),
      );
      return Buffer.from(await r.Body!.transformToByteArray());
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === "NoSuchKey") return null;
      throw e;
    }
  }

  private async list(prefix: string): Promise<_Object[]> {
    const out: _Object[] = [];
    let token: string | undefined;
    do {
      const r = await this.s3.send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: prefix, ContinuationToken: token }));
      out.push(...(r.Contents ?? []));
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  private async removePrefix(prefix: string): Promise<void> {
    const keys = (await this.list(prefix)).flatMap((o) => (o.Key ? [o.Key] : []));
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const r = await this.s3.send(new DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects: keys.slice(i, i + DELETE_BATCH).map((Key) => ({ Key })), Quiet: true } }));
      if (r.Errors?.length) throw new Error(`could not delete ${r.Errors.length} object(s) under ${prefix}: ${r.Errors[0]?.Code ?? "?"} ${r.Errors[0]?.Message ?? ""}`);
    }
  }

  tempPath(): Promise<string> {
    return this.local.tempPath();
  }

  async putOriginal(bundleId: string, fromFile: string, ext: string): Promise<string> {
    const key = `${this.prefix(bundleId)}original.${assertOriginalExt(ext)}`;
    await new Upload({ client: this.s3, params: { Bucket: this.config.bucket, Key: key, Body: createReadStream(fromFile) }, partSize: PART_SIZE, queueSize: 2 }).done();
    // The file just sent becomes the local copy the analysis reads, so it is not fetched back.
    const dir = this.cacheDir(bundleId);
    await fs.mkdir(dir, { recursive: true });
    const cached = within(dir, `original.${ext}`);
    await fs.rename(fromFile, cached);
    return cached;
  }

  async receiveOriginal(bundleId: string, ext: string, body: Readable): Promise<void> {
    // Straight into a multipart upload, at most queueSize parts of PART_SIZE in memory; on an
    // error lib-storage aborts the multipart upload, so no partial object is left. The web
    // replica that received it keeps no copy: a worker fetches the original when it analyses it.
    const key = `${this.prefix(bundleId)}original.${assertOriginalExt(ext)}`;
    await new Upload({ client: this.s3, params: { Bucket: this.config.bucket, Key: key, Body: body }, partSize: PART_SIZE, queueSize: 2 }).done();
  }

  async uploadDiskDir(): Promise<string | null> {
    return null;
  }

  async findOriginal(bundleId: string): Promise<string | null> {
    const dir = this.cacheDir(bundleId);
    const cachedName = (await fs.readdir(dir).catch(() => [] as string[])).find((n) => n.startsWith("original."));
    if (cachedName) return within(dir, cachedName);
    const object = (await this.list(`${this.prefix(bundleId)}original.`))[0];
    if (!object?.Key) return null;
    const ext = assertOriginalExt(object.Key.slice(object.Key.lastIndexOf("original.") + "original.".length));
    await fs.mkdir(dir, { recursive: true });
    const part = await this.local.tempPath();
    const r = await this.s3.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: object.Key }));
    try {
      await pipeline(r.Body as Readable, createWriteStream(part));
      const dest = within(dir, `original.${ext}`);
      await fs.rename(part, dest);
      return dest;
    } catch (e) {
      await fs.rm(part, { force: true });
      throw e;
    }
  }

  async putArtifact(bundleId: string, artifactPath: string, body: Buffer): Promise<StoredArtifact | null> {
    if (body.subarray(0, 8192).includes(0)) return null;
    const key = artifactStorageKey(artifactPath);
    const { gz, index } = encodeChunked(body.toString("utf8"));
    await this.put(`${this.prefix(bundleId)}artifacts/${key}.gz`, gz, "application/gzip");
    if (needsIndexFile(index)) await this.put(`${this.prefix(bundleId)}artifacts/${key}.idx`, JSON.stringify(index), "application/json");
    return { storageKey: key, lineCount: index.lineCount, sizeBytes: body.length };
  }

  async readArtifactLines(bundleId: string, storageKey: string, range: LineRange): Promise<LinePage> {
    const base = `${this.prefix(bundleId)}artifacts/${assertStorageKey(storageKey)}`;
    const idx = await this.get(`${base}.idx`);
    let index: ChunkIndex;
    if (idx) index = JSON.parse(idx.toString("utf8")) as ChunkIndex;
    else {
      // stored as one member without an index (most artifacts): the object is small
      const gz = await this.get(`${base}.gz`);
      if (!gz) throw new Error(`artifact ${storageKey} is not stored`);
      index = singleMemberIndex(gz);
    }
    return readLinePage(index, range, async (offset, length) => {
      const member = await this.get(`${base}.gz`, { offset, length });
      if (!member || member.length !== length) throw new Error(`artifact ${storageKey}: short read of a gzip member`);
      return member;
    });
  }

  async putModel(bundleId: string, model: object): Promise<void> {
    const { pieces, meta } = await encodeModelPieces(model);
    // Pieces first, meta last: a reader goes by the meta, so it never names a piece not yet there.
    const old = await this.readModelMeta(bundleId);
    for (const [k, gz] of pieces) await this.put(`${this.prefix(bundleId)}model/${k}.json.gz`, gz, "application/gzip");
    await this.put(`${this.prefix(bundleId)}model/meta.json`, JSON.stringify(meta), "application/json");
    const gone = (old?.keys ?? []).filter((k) => !meta.keys.includes(k));
    if (gone.length) {
      await this.s3.send(new DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects: gone.map((k) => ({ Key: `${this.prefix(bundleId)}model/${k}.json.gz` })), Quiet: true } }));
    }
  }

  async readModelMeta(bundleId: string): Promise<ModelMeta | null> {
    const buf = await this.get(`${this.prefix(bundleId)}model/meta.json`);
    return buf ? (JSON.parse(buf.toString("utf8")) as ModelMeta) : null;
  }

  async readModelPieces<T extends object, K extends keyof T & string>(bundleId: string, keys: readonly K[]): Promise<Pick<T, K> | null> {
    const meta = await this.readModelMeta(bundleId);
    if (!meta) return null;
    const wanted = storedPieceKeys(meta, keys);
    const values = await Promise.all(
      wanted.map(async (k) => {
        const gz = await this.get(`${this.prefix(bundleId)}model/${k}.json.gz`);
        if (!gz) throw new Error(`model piece ${k} of bundle ${bundleId} is missing`);
        return decodeModelPiece(gz);
      }),
    );
    return Object.fromEntries(wanted.map((k, i) => [k, values[i]])) as Pick<T, K>;
  }

  async readModel<T = unknown>(bundleId: string): Promise<T | null> {
    const meta = await this.readModelMeta(bundleId);
    return meta ? ((await this.readModelPieces(bundleId, meta.keys as never[])) as T | null) : null;
  }

  async clearDerived(bundleId: string): Promise<void> {
    await this.removePrefix(`${this.prefix(bundleId)}artifacts/`);
    await this.removePrefix(`${this.prefix(bundleId)}model/`);
  }

  async removeBundle(bundleId: string): Promise<void> {
    await this.removePrefix(this.prefix(bundleId));
    await fs.rm(this.cacheDir(bundleId), { recursive: true, force: true });
  }

  async bundleBytes(bundleId: string): Promise<number> {
    return (await this.list(this.prefix(bundleId))).reduce((n, o) => n + (o.Size ?? 0), 0);
  }

  sweepTemp(olderThanMs: number): Promise<number> {
    return this.local.sweepTemp(olderThanMs);
  }

  async health(): Promise<StoreHealth> {
    const local = await this.local.health();
    if (!local.ok) return { ...local, kind: "s3" };
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
      return { ok: true, kind: "s3", detail: `bucket ${this.config.bucket} reachable; ${local.detail}` };
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      return { ok: false, kind: "s3", detail: `bucket ${this.config.bucket} not reachable: ${(e as Error).name}${status ? ` (HTTP ${status})` : ""}` };
    }
  }
}
