import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { authTests } from "@/test/support/suites/auth-suite";

vi.mock("server-only", () => ({}));

authTests("accounts, sessions and API tokens on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-auth-"));
