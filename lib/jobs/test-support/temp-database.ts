/**
 * Real databases for tests, made and removed by the test itself:
 *  - sqlite: a fresh file in a temp dir with every committed migration applied;
 *  - postgres: a throwaway server from Debian's PostgreSQL 15 binaries (initdb + pg_ctl in a
 *    temp dir, run as the `postgres` user since the server refuses root, on a free
 *    127.0.0.1 port), migrated by prisma/postgres/migrate.mjs (see there why not `migrate deploy`).
 * Each sets NETBUNDLE_DATA_DIR / DATABASE_URL before the caller imports lib/db.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

export interface TempDatabase {
  kind: "sqlite" | "postgres";
  dataDir: string;
  cleanup: () => Promise<void>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const PG_BIN = "/usr/lib/postgresql/15/bin";

export function applySqliteMigrations(file: string): void {
  const dir = path.join(ROOT, "prisma", "migrations");
  const sqlite = new Database(file);
  try {
    for (const m of fs.readdirSync(dir).filter((d) => fs.statSync(path.join(dir, d)).isDirectory()).sort()) {
      sqlite.exec(fs.readFileSync(path.join(dir, m, "migration.sql"), "utf8"));
    }
  } finally {
    sqlite.close();
  }
}

export async function createTempSqlite(prefix = "nb-test-"): Promise<TempDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  applySqliteMigrations(path.join(dataDir, "netbundle.db"));
  process.env.NETBUNDLE_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  return { kind: "sqlite", dataDir, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function createTempPostgres(prefix = "nb-pgtest-"): Promise<TempDatabase> {
  if (!fs.existsSync(path.join(PG_BIN, "pg_ctl"))) {
    throw new Error(`PostgreSQL 15 binaries not found in ${PG_BIN}: run \`bash scripts/setup.sh --test\` (installs Debian's postgresql)`);
  }
  const base = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(base, 0o755);
  const pgdata = path.join(base, "pgdata");
  const dataDir = path.join(base, "data");
  fs.mkdirSync(dataDir);
  fs.mkdirSync(pgdata, { mode: 0o700 });
  execFileSync("chown", ["postgres:postgres", pgdata]);
  const asPg = (args: string[]) => execFileSync("runuser", ["-u", "postgres", "--", ...args], { stdio: "pipe", cwd: "/" });
  const port = await freePort();
  const stop = () => {
    spawnSync("runuser", ["-u", "postgres", "--", `${PG_BIN}/pg_ctl`, "-D", pgdata, "-m", "immediate", "-w", "stop"], { stdio: "pipe", cwd: "/" });
    fs.rmSync(base, { recursive: true, force: true });
  };
  try {
    asPg([`${PG_BIN}/initdb`, "-D", pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${pgdata} -c fsync=off -c full_page_writes=off`;
    asPg([`${PG_BIN}/pg_ctl`, "-D", pgdata, "-o", opts, "-l", path.join(pgdata, "log"), "-w", "-t", "60", "start"]);
    asPg([`${PG_BIN}/createdb`, "-h", "127.0.0.1", "-p", String(port), "netbundle"]);
    const url = `postgresql://postgres@127.0.0.1:${port}/netbundle`;
    const env = { ...process.env, DATABASE_URL: url, PRISMA_QUERY_ENGINE_LIBRARY: path.join(ROOT, ".prisma-placeholder") };
    fs.closeSync(fs.openSync(env.PRISMA_QUERY_ENGINE_LIBRARY, "a"));
    const prisma = path.join(ROOT, "node_modules", ".bin", "prisma");
    if (!fs.existsSync(path.join(ROOT, "lib", "generated", "prisma-pg", "index.js"))) {
      execFileSync(prisma, ["generate", "--schema", "prisma/postgres/schema.prisma"], { cwd: ROOT, env, stdio: "pipe" });
    }
    execFileSync(process.execPath, [path.join(ROOT, "prisma", "postgres", "migrate.mjs")], { cwd: ROOT, env, stdio: "pipe" });
    process.env.DATABASE_URL = url;
    process.env.NETBUNDLE_DATA_DIR = dataDir;
  } catch (e) {
    stop();
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`could not start a test PostgreSQL: ${err.message}\n${err.stderr?.toString() ?? ""}`);
  }
  return { kind: "postgres", dataDir, cleanup: async () => stop() };
}
