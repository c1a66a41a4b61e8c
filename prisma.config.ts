import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// engine "js": migrations run through Prisma's WebAssembly schema engine via the driver
// adapter, so no native engine binary has to be downloaded (none can be, on our machines).
const dbFile = process.env.NETBUNDLE_DB ?? path.join(process.env.NETBUNDLE_DATA_DIR ?? "data", "netbundle.db");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: `file:${dbFile}` });
  },
});
