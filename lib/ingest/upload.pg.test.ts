import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { uploadTests } from "./test-support/upload-suite";

vi.mock("server-only", () => ({}));

uploadTests("upload and bundle routes on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgupload-"));
