import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { authTests } from "@/test/support/suites/auth-suite";

vi.mock("server-only", () => ({}));

authTests("accounts, sessions and API tokens on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgauth-"));
