import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { ingestWriteTests } from "./test-support/ingest-write-suite";

vi.mock("server-only", () => ({}));

ingestWriteTests("ingest writes on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-ingestw-"));
