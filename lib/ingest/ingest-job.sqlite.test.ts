import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { ingestJobTests } from "@/test/support/suites/ingest-job-suite";

vi.mock("server-only", () => ({}));

ingestJobTests("ingest job on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-ingestjob-"));
