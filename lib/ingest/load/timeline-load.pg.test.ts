import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { timelineLoadTests } from "@/test/support/suites/timeline-load-suite";

vi.mock("server-only", () => ({}));

timelineLoadTests("timeline bulk load on PostgreSQL (COPY FROM STDIN, real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgtlload-"));
