import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { ingestWriteTests } from "./test-support/ingest-write-suite";

vi.mock("server-only", () => ({}));

ingestWriteTests("ingest writes on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgingestw-"));
