import { afterAll, beforeAll, describe, vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { UPLOAD_LIMIT, UPLOAD_TOKEN, uploadSuite } from "./test-support/upload-suite";

vi.mock("server-only", () => ({}));

let tmp: TempDatabase;
let m: {
  db: typeof import("@/lib/db");
  bundles: typeof import("@/app/api/bundles/route");
  bundle: typeof import("@/app/api/bundles/[bundleId]/route");
  retry: typeof import("@/app/api/bundles/[bundleId]/retry/route");
};

beforeAll(async () => {
  tmp = await createTempPostgres("nb-pgupload-");
  process.env.NETBUNDLE_MAX_UPLOAD_BYTES = String(UPLOAD_LIMIT);
  process.env.NETBUNDLE_UPLOAD_TOKEN = UPLOAD_TOKEN;
  m = {
    db: await import("@/lib/db"),
    bundles: await import("@/app/api/bundles/route"),
    bundle: await import("@/app/api/bundles/[bundleId]/route"),
    retry: await import("@/app/api/bundles/[bundleId]/retry/route"),
  };
});
afterAll(async () => {
  await m?.db.db.$disconnect();
  await tmp?.cleanup();
});

describe("upload and bundle routes on PostgreSQL (real server)", () => {
  uploadSuite({ db: () => m.db.db, dataDir: () => tmp.dataDir, bundlesRoute: () => m.bundles, bundleRoute: () => m.bundle, retryRoute: () => m.retry });
});
