import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { uploadTests } from "./upload-suite";

vi.mock("server-only", () => ({}));

uploadTests("upload and bundle routes on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgupload-"));
