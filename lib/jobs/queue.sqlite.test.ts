import { afterAll, beforeAll, describe, vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "./test-support/temp-database";
import { queueSuite } from "./test-support/queue-suite";

vi.mock("server-only", () => ({}));

let tmp: TempDatabase;
let mods: { db: typeof import("@/lib/db"); queue: typeof import("./queue"); worker: typeof import("./worker"); define: typeof import("./define-job") };

beforeAll(async () => {
  tmp = await createTempSqlite("nb-queue-");
  mods = { db: await import("@/lib/db"), queue: await import("./queue"), worker: await import("./worker"), define: await import("./define-job") };
});
afterAll(async () => {
  await mods?.db.db.$disconnect();
  await tmp?.cleanup();
});

describe("job queue on SQLite", () => {
  queueSuite({ db: () => mods.db.db, queue: () => mods.queue, worker: () => mods.worker, define: () => mods.define });
});
