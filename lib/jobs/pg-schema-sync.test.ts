import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Lives here because vitest only collects lib/**: it guards prisma/postgres/ (the pg queue path).
const ROOT = path.resolve(__dirname, "../..");

describe("generated PostgreSQL schema", () => {
  it("is up to date with prisma/schema.prisma", () => {
    // --check exits 1 (and execFileSync throws) when the committed copy differs.
    const out = execFileSync(process.execPath, [path.join(ROOT, "scripts", "gen-pg-schema.mjs"), "--check"], { encoding: "utf8" });
    expect(out).toMatch(/up to date/);
  });

  it("has one pg migration per sqlite migration, with the same names", () => {
    const dirs = (p: string) => fs.readdirSync(p).filter((d) => fs.statSync(path.join(p, d)).isDirectory()).sort();
    expect(dirs(path.join(ROOT, "prisma", "postgres", "migrations"))).toEqual(dirs(path.join(ROOT, "prisma", "migrations")));
  });

  it("declares every sqlite model and column in the pg migrations", () => {
    const sqliteCols = finalColumns(all(path.join(ROOT, "prisma", "migrations")));
    expect(sqliteCols.length).toBeGreaterThan(20);
    expect(finalColumns(all(path.join(ROOT, "prisma", "postgres", "migrations")))).toEqual(sqliteCols);
  });
});

const all = (p: string) =>
  fs
    .readdirSync(p)
    .filter((d) => !d.endsWith(".toml"))
    .sort()
    .map((d) => fs.readFileSync(path.join(p, d, "migration.sql"), "utf8"))
    .join("\n");

/**
 * "table.column" after every migration ran, read from Prisma's own migration SQL: CREATE
 * TABLE, RENAME TO (SQLite redefines a table as "new_T", drops T, renames), ADD/DROP COLUMN
 * (PostgreSQL alters in place, one ADD COLUMN per line), DROP TABLE.
 */
function finalColumns(sql: string): string[] {
  const tables = new Map<string, Set<string>>();
  for (const stmt of sql.split(/;\s*\n/)) {
    const create = /CREATE TABLE "(\w+)" \(([\s\S]*)\)\s*$/.exec(stmt.trim());
    if (create) {
      tables.set(create[1]!, new Set([...create[2]!.matchAll(/^\s+"(\w+)"/gm)].map((m) => m[1]!)));
      continue;
    }
    const rename = /ALTER TABLE "(\w+)" RENAME TO "(\w+)"/.exec(stmt);
    if (rename && tables.has(rename[1]!)) {
      tables.set(rename[2]!, tables.get(rename[1]!)!);
      tables.delete(rename[1]!);
      continue;
    }
    const alter = /ALTER TABLE "(\w+)"([\s\S]*)$/.exec(stmt.trim());
    if (alter && tables.has(alter[1]!)) {
      const cols = tables.get(alter[1]!)!;
      for (const m of alter[2]!.matchAll(/ADD COLUMN\s+"(\w+)"/g)) cols.add(m[1]!);
      for (const m of alter[2]!.matchAll(/DROP COLUMN\s+"(\w+)"/g)) cols.delete(m[1]!);
      continue;
    }
    const drop = /^DROP TABLE "(\w+)"/m.exec(stmt.trim().replace(/^--.*\n/gm, ""));
    if (drop) tables.delete(drop[1]!);
  }
  return [...tables].flatMap(([t, cols]) => [...cols].map((c) => `${t}.${c}`)).sort();
}
