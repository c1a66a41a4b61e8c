import "server-only";
import { env } from "@/lib/env";
import type { BlobStore } from "./blob-store";
import { LocalBlobStore } from "./local-blob-store";
import { loadedOnFirstUse } from "./loaded-on-first-use";

export type { BlobStore, LinePage, LineRange, ModelMeta, StoreHealth, StoredArtifact } from "./blob-store";
export { LocalBlobStore } from "./local-blob-store";

// The process-wide store: an S3-compatible bucket when one is configured, else the data
// directory. The S3 module (and the AWS SDK, ~65 ms to load) is loaded on the first call, so
// no process pays for it at start-up on the data-dir default.
export const blobStore: BlobStore = env.NETBUNDLE_S3_BUCKET
  ? loadedOnFirstUse(async () => {
      const { S3BlobStore } = await import("./s3-blob-store");
      return new S3BlobStore(
        {
          bucket: env.NETBUNDLE_S3_BUCKET!,
          endpoint: env.NETBUNDLE_S3_ENDPOINT,
          region: env.NETBUNDLE_S3_REGION,
          accessKeyId: env.NETBUNDLE_S3_ACCESS_KEY_ID,
          secretAccessKey: env.NETBUNDLE_S3_SECRET_ACCESS_KEY,
          forcePathStyle: env.NETBUNDLE_S3_FORCE_PATH_STYLE === "1",
        },
        env.dataDir,
      );
    })
  : new LocalBlobStore(env.dataDir);
