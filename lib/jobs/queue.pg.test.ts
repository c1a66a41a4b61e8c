import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { queueTests } from "./test-support/queue-suite";

vi.mock("server-only", () => ({}));

queueTests("job queue on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgqueue-"));
