import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { retentionTests } from "@/test/support/suites/retention-suite";

vi.mock("server-only", () => ({}));

retentionTests("retention and disk use on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-retention-"));
