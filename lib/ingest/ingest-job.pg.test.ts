import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { ingestJobTests } from "./test-support/ingest-job-suite";

vi.mock("server-only", () => ({}));

ingestJobTests("ingest job on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgingestjob-"));
