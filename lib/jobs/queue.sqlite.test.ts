import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { queueTests } from "./test-support/queue-suite";

vi.mock("server-only", () => ({}));

queueTests("job queue on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-queue-"));
