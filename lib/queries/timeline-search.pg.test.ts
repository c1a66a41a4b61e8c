import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { timelineSearchTests } from "@/test/support/suites/timeline-search-suite";

vi.mock("server-only", () => ({}));

timelineSearchTests("timeline text search on PostgreSQL (pg_trgm, real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgtlsearch-"));
