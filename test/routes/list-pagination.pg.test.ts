import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { listPaginationTests } from "@/test/support/suites/list-pagination-suite";

vi.mock("server-only", () => ({}));

listPaginationTests("list routes are paginated on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-lists-"));
