import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { ingestJobTests } from "./test-support/ingest-job-suite";

vi.mock("server-only", () => ({}));

ingestJobTests("ingest job on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-ingestjob-"));
