import type { Readable } from "node:stream";

/**
 * Where bundle files live. The embedded default is LocalBlobStore (a data directory);
 * S3BlobStore keeps them in an S3-compatible bucket. The analyser streams an original from a
 * path, so findOriginal always gives a local file (the bucket's store caches it).
 */
export interface StoredArtifact {
  storageKey: string;
  lineCount: number;
  sizeBytes: number;
}

export interface LineRange {
  /** 1-based first line. */
  start: number;
  /** Number of lines wanted. */
  count: number;
}

export interface LinePage {
  start: number;
  lines: string[];
  totalLines: number;
}

export interface ModelMeta {
  version: 1;
  keys: string[];
  /** Items per piece: an array's length or an object's key count (0 for scalars). */
  lengths: Record<string, number>;
}

export interface BlobStore {
  /** A fresh path for an upload in progress (same filesystem as the bundles, so moves are renames). */
  tempPath(): Promise<string>;
  /** Moves a local file in as the bundle's original (tests, tools); returns where it can be read. */
  putOriginal(bundleId: string, fromFile: string, ext: string): Promise<string>;
  /**
   * Streams an upload in as the bundle's original as it arrives (no full local copy on the
   * bucket's store: a multipart upload). Nothing is left behind when `body` fails part way.
   */
  receiveOriginal(bundleId: string, ext: string, body: Readable): Promise<void>;
  /** The local directory an upload fills, for the disk reserve; null when uploads go straight to a bucket. */
  uploadDiskDir(): Promise<string | null>;
  findOriginal(bundleId: string): Promise<string | null>;
  /** Stores an artifact text for the viewer; null for binary bodies (NUL in the first 8 KiB). */
  putArtifact(bundleId: string, artifactPath: string, body: Buffer): Promise<StoredArtifact | null>;
  readArtifactLines(bundleId: string, storageKey: string, range: LineRange): Promise<LinePage>;
  /** Stores the model as one gzip piece per top-level key (pages read only the pieces they show). */
  putModel(bundleId: string, model: object): Promise<void>;
  /** The whole model (every piece); null when none is stored. */
  readModel<T = unknown>(bundleId: string): Promise<T | null>;
  /** Only the named top-level pieces (missing ones absent); null when no model is stored. */
  readModelPieces<T extends object, K extends keyof T & string>(bundleId: string, keys: readonly K[]): Promise<Pick<T, K> | null>;
  /** Piece names and sizes (array lengths, object key counts) without reading any piece. */
  readModelMeta(bundleId: string): Promise<ModelMeta | null>;
  /** Drops the artifact texts and model of a bundle (before a re-ingest); keeps the original. */
  clearDerived(bundleId: string): Promise<void>;
  removeBundle(bundleId: string): Promise<void>;
  /** Bytes the bundle's files take (original, artifact texts, model); 0 when it has none. */
  bundleBytes(bundleId: string): Promise<number>;
  /** Removes uploads in progress older than `olderThanMs` (left by a crash); returns how many. */
  sweepTemp(olderThanMs: number): Promise<number>;
  /** Whether the store can be used now (data dir writable, bucket reachable), for /api/health. */
  health(): Promise<StoreHealth>;
}

export interface StoreHealth {
  ok: boolean;
  kind: "local" | "s3";
  /** Free space, the bucket, or what failed; never a credential. */
  detail: string;
}
