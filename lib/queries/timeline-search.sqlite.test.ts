import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { timelineSearchTests } from "@/test/support/suites/timeline-search-suite";

vi.mock("server-only", () => ({}));

timelineSearchTests("timeline text search on SQLite (FTS5 trigram)", (): Promise<TempDatabase> => createTempSqlite("nb-tlsearch-"));
