import { afterAll, beforeAll, describe, vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { assertAnalyzerPresent, ingestJobSuite } from "./test-support/ingest-job-suite";

vi.mock("server-only", () => ({}));

let tmp: TempDatabase;
let m: {
  db: typeof import("@/lib/db");
  create: typeof import("@/lib/bundles/create-bundle-from-upload");
  retry: typeof import("@/lib/bundles/update-bundle-retry");
  worker: typeof import("@/lib/jobs/worker");
  registry: typeof import("@/lib/jobs/registry");
  queue: typeof import("@/lib/jobs/queue");
  begin: typeof import("./begin-ingest");
  storage: typeof import("@/lib/storage");
};

beforeAll(async () => {
  assertAnalyzerPresent();
  tmp = await createTempPostgres("nb-pgingestjob-");
  m = {
    db: await import("@/lib/db"),
    create: await import("@/lib/bundles/create-bundle-from-upload"),
    retry: await import("@/lib/bundles/update-bundle-retry"),
    worker: await import("@/lib/jobs/worker"),
    registry: await import("@/lib/jobs/registry"),
    queue: await import("@/lib/jobs/queue"),
    begin: await import("./begin-ingest"),
    storage: await import("@/lib/storage"),
  };
});
afterAll(async () => {
  await m?.db.db.$disconnect();
  await tmp?.cleanup();
});

describe("ingest job on PostgreSQL (real server)", () => {
  ingestJobSuite({
    db: () => m.db.db, dataDir: () => tmp.dataDir, create: () => m.create, retry: () => m.retry, worker: () => m.worker,
    registry: () => m.registry, queue: () => m.queue, begin: () => m.begin, storage: () => m.storage,
  });
});
