import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { ingestWriteTests } from "@/test/support/suites/ingest-write-suite";

vi.mock("server-only", () => ({}));

ingestWriteTests("ingest writes on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgingestw-"));
