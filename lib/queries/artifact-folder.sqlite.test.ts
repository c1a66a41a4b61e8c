import { vi } from "vitest";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { artifactFolderTests } from "@/test/support/suites/artifact-folder-suite";

vi.mock("server-only", () => ({}));

artifactFolderTests("artifact folder listing on SQLite", (): Promise<TempDatabase> => createTempSqlite("nb-folder-"));
