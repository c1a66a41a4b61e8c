import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { retentionTests } from "@/test/support/suites/retention-suite";

vi.mock("server-only", () => ({}));

retentionTests("retention and disk use on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-retention-"));
