import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { listPaginationTests } from "@/test/support/suites/list-pagination-suite";

vi.mock("server-only", () => ({}));

listPaginationTests("list routes are paginated on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-lists-"));
