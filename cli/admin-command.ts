/**
 * `netbundle admin user add …` and `netbundle admin token …`: account management on the
 * server host, against the server's own database (same NETBUNDLE_DATA_DIR / DATABASE_URL).
 * Exit codes (as cli/main.ts): 0 done, 2 with a one-line reason for bad usage, invalid input,
 * a duplicate or unknown user, or a database that cannot be opened; 130 when the password
 * prompt is cancelled.
 *
 * The lib modules used here are the server's (they import "server-only", read the
 * environment and open the database when imported), so they are imported only once the
 * process is set up for them: see openDatabase().
 */
import fs from "node:fs";
import { ZodError } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { ROLES, isRole } from "@/lib/auth/roles";
import { terminalSafe } from "@/cli/terminal-safe";
import { oneLine, prepareServerProcess } from "@/cli/server-process";
import type { TAuditActor } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";

export const ADMIN_USAGE = `usage: netbundle admin user add --email EMAIL --role ${ROLES.join("|")} [--name NAME]
           the password is the first line of stdin (prompted for, unechoed, on a terminal);
           at least ${MIN_PASSWORD_LENGTH} characters
       netbundle admin token --email EMAIL [--name NAME]
           a new personal API token of that user, printed alone as the last line of stdout
       netbundle admin --help
Run on the server host as the server's user, with the server's NETBUNDLE_DATA_DIR or
DATABASE_URL (unset: the data/ directory of the netbundle installation).`;

const SYSTEM: TAuditActor = { type: "system" };

/** A failure to report in one line with exit code 2. */
class UsageError extends Error {}

export async function runAdminCommand(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    const reason = err instanceof UsageError ? err.message : databaseProblem(err);
    if (reason === null) throw err;
    // Reasons quote what was given (an e-mail, a name): no control characters to the terminal.
    process.stderr.write(`netbundle admin: ${terminalSafe(reason).replace(/\n/g, " ")}\n`);
    return 2;
  } finally {
    await globalDb()?.$disconnect().catch(() => {});
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const wantsHelp = argv.some((a) => a === "--help" || a === "-h") || argv[0] === "help";
  if (wantsHelp) {
    process.stdout.write(ADMIN_USAGE + "\n");
    return 0;
  }
  const [cmd, ...rest] = argv;
  if (cmd === "user" && rest[0] === "add") return userAdd(parseOptions(rest.slice(1), ["email", "role", "name"]));
  if (cmd === "token") return token(parseOptions(rest, ["email", "name"]));
  const what = cmd === undefined ? "missing subcommand" : cmd === "user" ? (rest[0] === undefined ? "missing user subcommand (want: user add)" : `unknown subcommand 'user ${rest[0]}' (want: user add)`) : `unknown subcommand '${cmd}'`;
  process.stderr.write(`netbundle admin: ${what}\n${ADMIN_USAGE}\n`);
  return 2;
}

/** `--key VALUE` or `--key=VALUE`, each key at most once, nothing else. */
function parseOptions<K extends string>(argv: string[], keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(a);
    if (!m) throw new UsageError(`unexpected argument '${a}'`);
    const key = m[1] as K;
    if (!keys.includes(key)) throw new UsageError(`unknown option --${key} (want: ${keys.map((k) => `--${k}`).join(", ")})`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith("--"))) throw new UsageError(`--${key} needs a value`);
    if (out[key] !== undefined) throw new UsageError(`--${key} given twice`);
    out[key] = value;
  }
  return out;
}

async function userAdd(o: { email?: string; role?: string; name?: string }): Promise<number> {
  const email = normaliseEmail(o.email);
  if (!o.role) throw new UsageError(`--role is required (${ROLES.join(" or ")})`);
  if (!isRole(o.role)) throw new UsageError(`--role must be ${ROLES.join(" or ")}, not '${o.role}'`);
  const db = await openDatabase();
  const { ZNewUser, createUser } = await import("@/lib/auth/users");
  // Both checked again by createUser; here so that nobody types a password for nothing.
  const given = ZNewUser.omit({ password: true }).safeParse({ email, role: o.role, name: o.name });
  if (!given.success) throw asUsageError(given.error, email);
  if (await db.user.findUnique({ where: { email } })) throw new UsageError(`a user with e-mail ${email} exists already`);
  const password = await readPassword();
  if (password === null) {
    process.stderr.write("netbundle admin: cancelled\n");
    return 130;
  }
  if (password === "") throw new UsageError("no password given: pass it as the first line of stdin");
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new UsageError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if ([...password].length > MAX_PASSWORD_LENGTH) throw new UsageError(`the password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  try {
    const user = await createUser({ email, role: o.role, name: o.name, password }, SYSTEM);
    process.stdout.write(`created user ${user.email} (role ${user.role})\n`);
    return 0;
  } catch (err) {
    throw asUsageError(err, email);
  }
}

async function token(o: { email?: string; name?: string }): Promise<number> {
  const email = normaliseEmail(o.email);
  const db = await openDatabase();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, disabledAt: true } });
  if (!user) throw new UsageError(`no user with e-mail ${email}`);
  if (user.disabledAt) throw new UsageError(`user ${email} is disabled`);
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  const name = o.name?.trim() || "netbundle admin token";
  const t = await createApiToken({ userId: user.id, name, by: SYSTEM });
  process.stderr.write(terminalSafe(`netbundle admin: created API token '${name.slice(0, 100)}' for ${user.email}; it is shown only now`) + "\n");
  process.stdout.write(`${t.token}\n`);
  return 0;
}

/** As createUser stores it (trimmed, lower case), so lookups find the row it made. */
function normaliseEmail(email: string | undefined): string {
  const e = email?.trim().toLowerCase();
  if (!e) throw new UsageError("--email is required");
  return e;
}

/** The errors of createUser that are the caller's fault, as one line; anything else stays a bug. */
function asUsageError(err: unknown, email: string): unknown {
  if (err instanceof ZodError) return new UsageError(err.issues.map((i) => `${i.path.length ? `--${i.path.join(".")}` : "input"}: ${i.message}`).join("; "));
  if (err instanceof Error && err.name === "AppError" && (err as Error & { code?: string }).code === "CONFLICT") return new UsageError(err.message);
  // A concurrent `user add` of the same address: the unique index on User.email.
  if ((err as { code?: unknown } | null)?.code === "P2002") return new UsageError(`a user with e-mail ${email} exists already`);
  return err;
}

/**
 * A Prisma error that is about the database given rather than a bug, in one line (Prisma's
 * messages quote the calling code over many lines; the last line is the cause), else null.
 */
function databaseProblem(err: unknown): string | null {
  const e = err as { name?: unknown; code?: unknown; message?: unknown } | null;
  if (typeof e?.name !== "string" || !e.name.startsWith("PrismaClient")) return null;
  const cause = String(e.message).trim().split("\n").pop()?.trim() ?? "";
  const code = typeof e.code === "string" ? e.code : "";
  // P1xxx: cannot connect, authenticate, find the database; PrismaClientInitializationError: the same before a query.
  if (code.startsWith("P1") || e.name === "PrismaClientInitializationError") return `cannot use the database: ${cause}`;
  // P2021/P2022: a table or column missing.
  if (code === "P2021" || code === "P2022") return `the database has no or an older schema (${cause}): start the server once, or run \`npm run prisma -- migrate deploy\``;
  return null;
}

// ---- the server's modules in a CLI process ----

const globalDb = () => (globalThis as { __netbundleDb?: Db }).__netbundleDb;

/**
 * Loads lib/db as the server would have it:
 *  - "server-only" (which throws unless resolved with React's server condition) is an empty
 *    module: the bundle maps it to one (bin/cli-bundle.mjs); run from source through tsx, a
 *    resolve hook registered here does;
 *  - the working directory is the netbundle installation, since lib/db loads the generated
 *    Prisma client and the driver adapters from process.cwd(); a relative NETBUNDLE_DATA_DIR
 *    or file: DATABASE_URL given by the caller still means relative to where they ran us,
 *    and an unset one means the installation's data/ (where `npm start` keeps it);
 *  - a SQLite database that does not exist is an error, not a new empty file.
 * PRISMA_QUERY_ENGINE_LIBRARY (which the npm scripts point at a placeholder) plays no part:
 * the clients are generated with engineType "client" and run through driver adapters.
 */
async function openDatabase(): Promise<Db> {
  const root = await prepareServerProcess();

  let env: (typeof import("@/lib/env"))["env"];
  try {
    ({ env } = await import("@/lib/env"));
  } catch (err) {
    throw new UsageError(oneLine(err));
  }
  if (env.dbKind === "sqlite" && !fs.existsSync(env.sqliteFile)) {
    throw new UsageError(`no database at ${env.sqliteFile}: set NETBUNDLE_DATA_DIR (or DATABASE_URL) as for the server, or start the server once to create it`);
  }
  try {
    return (await import("@/lib/db")).db;
  } catch (err) {
    const where = root ?? process.cwd();
    throw new UsageError(`cannot open the database (${oneLine(err)}); netbundle installation: ${where}${root ? "" : " (not found: run netbundle from its installation directory)"}`);
  }
}

/** The directory of netbundle's package.json above this file (cli/ from source, the bundle cache when bundled). */
// ---- the password ----

/** The first line of stdin; on a terminal, asked for twice without echo. null: cancelled. */
async function readPassword(): Promise<string | null> {
  if (!process.stdin.isTTY) return readFirstLine();
  const first = await promptHidden("password for the new user: ");
  if (first === null || first === "") return first;
  const again = await promptHidden("the same again: ");
  if (again === null) return null;
  if (again !== first) throw new UsageError("the two passwords differ");
  return first;
}

function readFirstLine(): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let buf = "";
    const done = (line: string) => {
      stdin.off("data", onData).off("end", onEnd).off("error", reject);
      stdin.destroy(); // the rest of stdin is not ours; and a pipe left open would keep us alive
      resolve(line.replace(/\r$/, ""));
    };
    const onData = (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf("\n");
      if (nl >= 0) done(buf.slice(0, nl));
      else if (buf.length > 64 * MAX_PASSWORD_LENGTH) done(buf); // no newline coming: too long anyway
    };
    const onEnd = () => done(buf);
    stdin.setEncoding("utf8");
    stdin.on("data", onData).on("end", onEnd).on("error", reject);
  });
}

function promptHidden(prompt: string): Promise<string | null> {
  const stdin = process.stdin;
  return new Promise((resolve) => {
    let typed: string[] = [];
    let escape = false; // inside a terminal escape sequence (arrow keys and the like): ignored
    const finish = (v: string | null) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      resolve(v);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (escape) {
          escape = !/[A-Za-z~]/.test(ch);
          continue;
        }
        if (ch === "\u001b") escape = true;
        else if (ch === "\r" || ch === "\n") return finish(typed.join(""));
        else if (ch === "\u0003") return finish(null); // Ctrl-C
        else if (ch === "\u0004") return finish(typed.length ? typed.join("") : null); // Ctrl-D
        else if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else if (ch === "\u0015") typed = []; // Ctrl-U
        else if (ch >= " ") typed.push(ch);
      }
    };
    process.stderr.write(prompt);
    stdin.setEncoding("utf8");
    stdin.setRawMode(true);
    stdin.on("data", onData);
    stdin.resume();
  });
}
