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
    const cols = (sql: string) => [...sql.matchAll(/CREATE TABLE "(\w+)" \(([\s\S]*?)\n\);/g)].flatMap(([, t, body]) => [...body!.matchAll(/^\s+"(\w+)"/gm)].map((m) => `${t}.${m[1]}`)).sort();
    const all = (p: string) => fs.readdirSync(p).filter((d) => !d.endsWith(".toml")).map((d) => fs.readFileSync(path.join(p, d, "migration.sql"), "utf8")).join("\n");
    const sqliteCols = cols(all(path.join(ROOT, "prisma", "migrations")));
    expect(sqliteCols.length).toBeGreaterThan(20);
    expect(cols(all(path.join(ROOT, "prisma", "postgres", "migrations")))).toEqual(sqliteCols);
  });
});
