import { afterAll, beforeAll, describe, vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { ingestWriteSuite } from "./test-support/ingest-write-suite";

vi.mock("server-only", () => ({}));

let tmp: TempDatabase;
let m: {
  db: typeof import("@/lib/db");
  begin: typeof import("./begin-ingest");
  finish: typeof import("./finish-ingest");
  timeline: typeof import("./timeline-writer");
  storage: typeof import("@/lib/storage");
};

beforeAll(async () => {
  tmp = await createTempPostgres("nb-pgingestw-");
  m = { db: await import("@/lib/db"), begin: await import("./begin-ingest"), finish: await import("./finish-ingest"), timeline: await import("./timeline-writer"), storage: await import("@/lib/storage") };
});
afterAll(async () => {
  await m?.db.db.$disconnect();
  await tmp?.cleanup();
});

describe("ingest writes on PostgreSQL (real server)", () => {
  ingestWriteSuite({ db: () => m.db.db, dataDir: () => tmp.dataDir, begin: () => m.begin, finish: () => m.finish, timeline: () => m.timeline, storage: () => m.storage });
});
