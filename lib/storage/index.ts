import "server-only";
import { env } from "@/lib/env";
import type { BlobStore } from "./blob-store";
import { LocalBlobStore } from "./local-blob-store";

export type { BlobStore, LinePage, LineRange, ModelMeta, StoredArtifact } from "./blob-store";
export { LocalBlobStore } from "./local-blob-store";

// The process-wide store: the local data directory (an S3 store would be chosen here).
export const blobStore: BlobStore = new LocalBlobStore(env.dataDir);
