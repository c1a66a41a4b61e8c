import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { ingestWriteTests } from "@/test/support/suites/ingest-write-suite";

vi.mock("server-only", () => ({}));

ingestWriteTests("ingest writes on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-ingestw-"));
