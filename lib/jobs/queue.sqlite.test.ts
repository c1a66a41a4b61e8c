import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { queueTests } from "@/test/support/suites/queue-suite";

vi.mock("server-only", () => ({}));

queueTests("job queue on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-queue-"));
