import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { timelineLoadTests } from "@/test/support/suites/timeline-load-suite";

vi.mock("server-only", () => ({}));

timelineLoadTests("timeline bulk load on SQLite (better-sqlite3, own connection)", (): Promise<TempDatabase> => createTempSqlite("nb-tlload-"));
