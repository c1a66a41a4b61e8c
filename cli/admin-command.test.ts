/**
 * `netbundle admin` end to end: the real CLI (bin/netbundle.mjs, so the esbuild bundle, and
 * once the tsx fallback) as a child process against a migrated SQLite database in a temp
 * data dir, run from a directory outside the repository; the rows are then read back with
 * better-sqlite3.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { verify } from "@node-rs/argon2";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySqliteMigrations } from "@/test/support/db/temp-database";

const REPO = path.resolve(__dirname, "..");
const BIN = path.join(REPO, "bin", "netbundle.mjs");
const PASSWORD = "correct horse battery staple";
let work: string;
let dataDir: string;

/** The environment of the server's host, without anything from this test process that would point elsewhere. */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NETBUNDLE_DATA_DIR: dataDir, NETBUNDLE_DEBUG: "1", ...extra };
  // The npm scripts' placeholder engine path is not needed by the adapter-based clients.
  for (const k of ["DATABASE_URL", "PRISMA_QUERY_ENGINE_LIBRARY", "NETBUNDLE_AUTH_SECRET", "NETBUNDLE_BASE_URL"]) if (!(k in extra)) delete env[k];
  return env;
}

function admin(args: string[], opts: { input?: string; env?: Record<string, string>; bin?: string } = {}) {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, "admin", ...args], { cwd: work, input: opts.input ?? "", encoding: "utf8", env: cliEnv(opts.env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const sqlite = new Database(path.join(dataDir, "netbundle.db"), { readonly: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}

const count = (table: string) => query<{ n: number }>(`SELECT count(*) AS n FROM "${table}"`)[0]!.n;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "nbt-admin-"));
  dataDir = path.join(work, "data");
  fs.mkdirSync(dataDir);
  applySqliteMigrations(path.join(dataDir, "netbundle.db"));
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe("netbundle admin user add", () => {
  it("creates the user with an argon2id credential account and audits it", async () => {
    const r = admin(["user", "add", "--email", "Alice@Example.com", "--role", "admin", "--name", "Alice Admin"], { input: `${PASSWORD}\nnot read\n` });
    expect(r, r.stderr).toMatchObject({ code: 0, stdout: "created user alice@example.com (role admin)\n" });
    expect(r.stderr).not.toContain("running from source"); // the bundle could be built and was used

    const [user] = query<{ id: string; name: string; role: string; emailVerified: number; disabledAt: unknown }>(`SELECT * FROM "User" WHERE email = ?`, "alice@example.com");
    expect(user).toMatchObject({ name: "Alice Admin", role: "admin", emailVerified: 1, disabledAt: null });
    const accounts = query<{ providerId: string; accountId: string; password: string }>(`SELECT * FROM "Account" WHERE userId = ?`, user!.id);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ providerId: "credential", accountId: user!.id });
    expect(accounts[0]!.password.startsWith("$argon2id$")).toBe(true);
    expect(await verify(accounts[0]!.password, PASSWORD)).toBe(true);
    expect(query(`SELECT actorType, action, target FROM "AuditLog" WHERE action = 'user-create'`)).toEqual([{ actorType: "system", action: "user-create", target: "user:alice@example.com" }]);
  });

  it("takes a relative data dir from where it is run, --opt=value, a CRLF line or no newline at all", async () => {
    const r = admin(["user", "add", "--email=eve@example.com", "--role=engineer"], { input: `${PASSWORD} 2\r\n`, env: { NETBUNDLE_DATA_DIR: "data" } });
    expect(r, r.stderr).toMatchObject({ code: 0, stdout: "created user eve@example.com (role engineer)\n" });
    const [eve] = query<{ id: string; name: string; role: string }>(`SELECT * FROM "User" WHERE email = ?`, "eve@example.com");
    expect(eve).toMatchObject({ name: "eve", role: "engineer" });
    const [acct] = query<{ password: string }>(`SELECT password FROM "Account" WHERE userId = ? AND providerId = 'credential'`, eve!.id);
    expect(await verify(acct!.password, `${PASSWORD} 2`)).toBe(true);

    expect(admin(["user", "add", "--email", "mallory@example.com", "--role", "engineer"], { input: PASSWORD })).toMatchObject({ code: 0 });
  });

  it.each([
    ["a duplicate e-mail (in any case)", ["--email", "ALICE@example.COM", "--role", "engineer"], `${PASSWORD}\n`, "a user with e-mail alice@example.com exists already"],
    ["a short password", ["--email", "bob@example.com", "--role", "engineer"], "eleven char\n", "at least 12 characters"],
    ["an empty stdin", ["--email", "bob@example.com", "--role", "engineer"], "", "no password given"],
    ["an empty first line", ["--email", "bob@example.com", "--role", "engineer"], `\n${PASSWORD}\n`, "no password given"],
    ["an unknown role", ["--email", "bob@example.com", "--role", "root"], `${PASSWORD}\n`, "--role must be admin or engineer"],
    ["no role", ["--email", "bob@example.com"], `${PASSWORD}\n`, "--role is required"],
    ["no e-mail", ["--role", "admin"], `${PASSWORD}\n`, "--email is required"],
    ["an invalid e-mail", ["--email", "bob", "--role", "admin"], `${PASSWORD}\n`, "--email: a valid e-mail address"],
    ["an unknown option", ["--email", "bob@example.com", "--role", "admin", "--admin"], `${PASSWORD}\n`, "unknown option --admin"],
  ])("refuses %s with exit 2 and one line", (_what, args, input, message) => {
    const users = count("User");
    const r = admin(["user", "add", ...args], { input });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`netbundle admin: ${r.stderr.slice("netbundle admin: ".length).split("\n")[0]}\n`);
    expect(r.stderr).toContain(message);
    expect(count("User")).toBe(users);
  });
});

describe("netbundle admin token", () => {
  it("prints a new API token of the user as the last line; only its SHA-256 is stored", () => {
    const r = admin(["token", "--email", "alice@example.com", "--name", "ci upload"]);
    expect(r.code, r.stderr).toBe(0);
    const token = r.stdout.trimEnd().split("\n").pop()!;
    expect(token).toMatch(/^nbt_[A-Za-z0-9_-]{43}$/);
    const rows = query<{ userId: string; name: string; tokenHash: string; prefix: string; revokedAt: unknown }>(`SELECT t.* FROM "ApiToken" t JOIN "User" u ON u.id = t.userId WHERE u.email = ?`, "alice@example.com");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "ci upload", prefix: token.slice(0, 10), revokedAt: null });
    expect(rows[0]!.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(query(`SELECT actorType FROM "AuditLog" WHERE action = 'token-create'`)).toEqual([{ actorType: "system" }]);

    // Another one each time, with a default name.
    const again = admin(["token", "--email", "ALICE@example.com"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trimEnd().split("\n").pop()).not.toBe(token);
    expect(query(`SELECT name FROM "ApiToken" ORDER BY createdAt`)).toEqual([{ name: "ci upload" }, { name: "netbundle admin token" }]);
  });

  it("refuses an unknown or disabled user, and a missing --email, with exit 2", () => {
    const tokens = count("ApiToken");
    expect(admin(["token", "--email", "nobody@example.com"])).toMatchObject({ code: 2, stdout: "", stderr: "netbundle admin: no user with e-mail nobody@example.com\n" });
    const sqlite = new Database(path.join(dataDir, "netbundle.db"));
    sqlite.prepare(`UPDATE "User" SET disabledAt = ? WHERE email = ?`).run(new Date().toISOString(), "mallory@example.com");
    sqlite.close();
    expect(admin(["token", "--email", "mallory@example.com"])).toMatchObject({ code: 2, stdout: "", stderr: "netbundle admin: user mallory@example.com is disabled\n" });
    expect(admin(["token"])).toMatchObject({ code: 2, stderr: "netbundle admin: --email is required\n" });
    expect(count("ApiToken")).toBe(tokens);
  });
});

describe("netbundle admin, the rest", () => {
  it("prints its usage for --help, and the main usage names it", () => {
    const r = admin(["--help"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("netbundle admin user add --email EMAIL --role admin|engineer [--name NAME]");
    expect(r.stdout).toContain("netbundle admin token --email EMAIL [--name NAME]");
    expect(admin(["user", "add", "--help"]).stdout).toBe(r.stdout);
    expect(admin([])).toMatchObject({ code: 2, stdout: "" });
    expect(admin(["users"]).stderr).toContain("unknown subcommand 'users'");
    const main = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    expect(main.stdout).toContain("netbundle admin user add");
  });

  it("refuses a data dir without a database instead of creating one", () => {
    const missing = path.join(work, "no-such-dir");
    const r = admin(["token", "--email", "alice@example.com"], { env: { NETBUNDLE_DATA_DIR: missing } });
    expect(r).toMatchObject({ code: 2, stdout: "", stderr: `netbundle admin: no database at ${missing}/netbundle.db: set NETBUNDLE_DATA_DIR (or DATABASE_URL) as for the server, or start the server once to create it\n` });
    expect(fs.existsSync(missing)).toBe(false);
  });

  it("works from the sources too (tsx fallback, where a resolve hook stands in for server-only)", () => {
    // A copy of the CLI's sources whose bundle cache cannot be written (as test/cli/cli-bundle.test.ts).
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "nbt-admin-src-"));
    try {
      for (const sub of ["bin", "cli", "lib"]) fs.cpSync(path.join(REPO, sub), path.join(copy, sub), { recursive: true, filter: (src) => !/\.test\.ts$|\/fixtures(\/|$)/.test(src) });
      for (const file of ["tsconfig.json", "package.json"]) fs.cpSync(path.join(REPO, file), path.join(copy, file));
      fs.mkdirSync(path.join(copy, "node_modules"));
      for (const name of fs.readdirSync(path.join(REPO, "node_modules"))) {
        if (name !== ".cache") fs.symlinkSync(path.join(REPO, "node_modules", name), path.join(copy, "node_modules", name));
      }
      fs.writeFileSync(path.join(copy, "node_modules", ".cache"), "a file where the cache directory would go");
      const bin = path.join(copy, "bin", "netbundle.mjs");

      const add = admin(["user", "add", "--email", "src@example.com", "--role", "engineer"], { input: `${PASSWORD}\n`, bin });
      expect(add, add.stderr).toMatchObject({ code: 0, stdout: "created user src@example.com (role engineer)\n" });
      expect(add.stderr).toContain("running from source");
      const tok = admin(["token", "--email", "src@example.com"], { bin });
      expect(tok.code, tok.stderr).toBe(0);
      const token = tok.stdout.trimEnd().split("\n").pop()!;
      expect(query(`SELECT u.email FROM "ApiToken" t JOIN "User" u ON u.id = t.userId WHERE t.tokenHash = ?`, crypto.createHash("sha256").update(token).digest("hex"))).toEqual([{ email: "src@example.com" }]);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
