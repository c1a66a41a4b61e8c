import "server-only";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { PrismaClient } from "@/lib/generated/prisma";
import { env } from "@/lib/env";

/**
 * One Prisma client per process, on globalThis (STYLE habit 2), for either database:
 *  - embedded: SQLite file under NETBUNDLE_DATA_DIR through the better-sqlite3 adapter;
 *  - scale-out: DATABASE_URL=postgres://… through the pg adapter and the client generated
 *    from prisma/postgres/schema.prisma into lib/generated/prisma-pg.
 * Both clients come from one schema source, so their model APIs are the same; `Db` is the
 * SQLite client's type and the pg client is used through it.
 *
 * The clients are loaded with a runtime require from the project root rather than bundled:
 * the pg client only exists once generated, and the generated clients load their wasm query
 * compiler relative to their own folder, which a bundler would move.
 */
export type Db = PrismaClient;

const GENERATED = { sqlite: "lib/generated/prisma", postgres: "lib/generated/prisma-pg" } as const;

function projectRequire(): NodeRequire {
  return createRequire(path.join(process.cwd(), "package.json"));
}

export function createDb(kind = env.dbKind): Db {
  const req = projectRequire();
  const clientDir = path.join(process.cwd(), GENERATED[kind]);
  if (!fs.existsSync(clientDir)) {
    const schema = kind === "postgres" ? " --schema prisma/postgres/schema.prisma" : "";
    throw new Error(`Prisma client for ${kind} missing at ${GENERATED[kind]}: run \`npm run prisma -- generate${schema}\``);
  }
  const { PrismaClient: Client } = req(clientDir) as { PrismaClient: new (o: object) => Db };
  if (kind === "postgres") {
    const { PrismaPg } = req("@prisma/adapter-pg") as typeof import("@prisma/adapter-pg");
    return new Client({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: 10 }) });
  }
  const { PrismaBetterSQLite3 } = req("@prisma/adapter-better-sqlite3") as typeof import("@prisma/adapter-better-sqlite3");
  fs.mkdirSync(path.dirname(env.sqliteFile), { recursive: true });
  // timeout: wait for a busy SQLite file (web + standalone worker) instead of failing at once.
  return new Client({ adapter: new PrismaBetterSQLite3({ url: `file:${env.sqliteFile}`, timeout: 15_000 }) });
}

const globalForDb = globalThis as unknown as { __netbundleDb?: Db };

export const db: Db = globalForDb.__netbundleDb ?? createDb();
// Cached also in production: the in-process worker and the route handlers share one pool.
globalForDb.__netbundleDb = db;

/**
 * Connection settings for a long-running process on SQLite: WAL so pages read while the
 * worker writes, and synchronous=NORMAL (safe with WAL: a power cut can lose the last
 * commits, never corrupt the file), which makes the per-batch commits of a 1M-event
 * ingest cheap. No-op on PostgreSQL.
 */
export async function prepareDb(client: Db = db, kind = env.dbKind): Promise<void> {
  if (kind !== "sqlite") return;
  await client.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await client.$executeRawUnsafe("PRAGMA synchronous=NORMAL");
}
