import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { ingestJobTests } from "@/test/support/suites/ingest-job-suite";

vi.mock("server-only", () => ({}));

ingestJobTests("ingest job on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgingestjob-"));
