import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { queueTests } from "@/test/support/suites/queue-suite";

vi.mock("server-only", () => ({}));

queueTests("job queue on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgqueue-"));
