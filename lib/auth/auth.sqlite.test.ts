import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { authTests } from "./test-support/auth-suite";

vi.mock("server-only", () => ({}));

authTests("accounts, sessions and API tokens on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-auth-"));
