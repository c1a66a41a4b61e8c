import "server-only";
import { env } from "@/lib/env";
import type { BlobStore } from "./blob-store";
import { LocalBlobStore } from "./local-blob-store";
import { S3BlobStore } from "./s3-blob-store";

export type { BlobStore, LinePage, LineRange, ModelMeta, StoreHealth, StoredArtifact } from "./blob-store";
export { LocalBlobStore } from "./local-blob-store";
export { S3BlobStore } from "./s3-blob-store";

// The process-wide store: an S3-compatible bucket when one is configured, else the data directory.
export const blobStore: BlobStore = env.NETBUNDLE_S3_BUCKET
  ? new S3BlobStore(
      {
        bucket: env.NETBUNDLE_S3_BUCKET,
        endpoint: env.NETBUNDLE_S3_ENDPOINT,
        region: env.NETBUNDLE_S3_REGION,
        accessKeyId: env.NETBUNDLE_S3_ACCESS_KEY_ID,
        secretAccessKey: env.NETBUNDLE_S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.NETBUNDLE_S3_FORCE_PATH_STYLE === "1",
      },
      env.dataDir,
    )
  : new LocalBlobStore(env.dataDir);
