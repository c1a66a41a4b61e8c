#!/usr/bin/env node
// Applies prisma/postgres/migrations/*/migration.sql to DATABASE_URL=postgres://…, in order,
// each once and in its own transaction, recorded in "_netbundle_migrations".
// Why not `prisma migrate deploy`: with the js engine and @prisma/adapter-pg, Prisma 6.19's
// wasm schema engine fails on PostgreSQL's `name` column type before applying anything
// ("Column type 'name' could not be deserialized", prisma/orm#27403). The SQL files are
// still Prisma's own (`migrate diff` output), so switching back later is a drop-in change.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export async function migratePostgres(url, log = console.log) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One migrator at a time (several web replicas may start together).
    await client.query("SELECT pg_advisory_lock(7418520)");
    await client.query('CREATE TABLE IF NOT EXISTS "_netbundle_migrations" (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const done = new Set((await client.query('SELECT name FROM "_netbundle_migrations"')).rows.map((r) => r.name));
    const names = fs.readdirSync(DIR).filter((d) => fs.statSync(path.join(DIR, d)).isDirectory()).sort();
    for (const name of names.filter((n) => !done.has(n))) {
      const sql = fs.readFileSync(path.join(DIR, name, "migration.sql"), "utf8");
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query('INSERT INTO "_netbundle_migrations"(name) VALUES ($1)', [name]);
        await client.query("COMMIT");
        log(`applied ${name}`);
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${e.message}`);
      }
    }
    await client.query("SELECT pg_advisory_unlock(7418520)");
  } finally {
    await client.end();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  if (!url || !url.startsWith("postgres")) {
    console.error("DATABASE_URL=postgres://… is required");
    process.exit(2);
  }
  migratePostgres(url).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
