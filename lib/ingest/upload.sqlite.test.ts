import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import { uploadTests } from "./test-support/upload-suite";

vi.mock("server-only", () => ({}));

uploadTests("upload and bundle routes on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-upload-"));
