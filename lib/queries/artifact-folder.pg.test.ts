import { vi } from "vitest";
import { createTempPostgres, type TempDatabase } from "@/test/support/db/temp-database";
import { artifactFolderTests } from "@/test/support/suites/artifact-folder-suite";

vi.mock("server-only", () => ({}));

artifactFolderTests("artifact folder listing on PostgreSQL (real server)", (): Promise<TempDatabase> => createTempPostgres("nb-pgfolder-"));
