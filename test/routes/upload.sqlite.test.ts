import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { uploadTests } from "./upload-suite";

vi.mock("server-only", () => ({}));

uploadTests("upload and bundle routes on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-upload-"));
