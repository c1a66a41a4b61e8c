/**
 * Test-only: an S3-compatible server on loopback (s3rver, files in a temp dir) and a bucket
 * in it, driven through the real AWS SDK by the code under test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3StoreConfig } from "@/lib/storage/s3-blob-store";

export interface TestS3 {
  config: S3StoreConfig;
  client: S3Client;
  stop(): Promise<void>;
}

export async function startTestS3(bucket = "netbundle-test"): Promise<TestS3> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nb-s3rver-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir });
  const { port } = await server.run();
  const config: S3StoreConfig = { endpoint: `http://127.0.0.1:${port}`, bucket, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true };
  const client = new S3Client({ endpoint: config.endpoint, region: config.region, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    config,
    client,
    stop: async () => {
      client.destroy();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
