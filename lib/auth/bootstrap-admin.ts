import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { countUsers, createUser } from "./users";

export const BOOTSTRAP_FILE = "bootstrap-admin.txt";

/**
 * The first admin, made when no user exists: from NETBUNDLE_ADMIN_EMAIL and
 * NETBUNDLE_ADMIN_PASSWORD, or else admin@netbundle.localhost with a random password that is printed
 * once and written to <data dir>/bootstrap-admin.txt (0600). Returns what was done, or null.
 */
export async function ensureBootstrapAdmin(log: (line: string) => void = console.log): Promise<{ email: string; file?: string } | null> {
  if ((await countUsers()) > 0) return null;
  // Not "admin@localhost": better-auth accepts only addresses with a dotted domain at sign-in;
  // .localhost is the TLD reserved for exactly this (RFC 6761).
  const email = env.NETBUNDLE_ADMIN_EMAIL ?? "admin@netbundle.localhost";
  const given = env.NETBUNDLE_ADMIN_PASSWORD;
  const password = given ?? crypto.randomBytes(15).toString("base64url");
  try {
    await createUser({ email, role: "admin", password, name: "Administrator" }, { type: "system" });
  } catch (e) {
    // Two processes starting together: the other one made the admin.
    if ((await countUsers()) > 0) return null;
    throw e;
  }
  if (given) {
    log(`netbundle: created the first admin ${email} (password from NETBUNDLE_ADMIN_PASSWORD)`);
    return { email };
  }
  const file = path.join(env.dataDir, BOOTSTRAP_FILE);
  fs.mkdirSync(env.dataDir, { recursive: true });
  fs.writeFileSync(file, `email: ${email}\npassword: ${password}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  log(`netbundle: created the first admin\n  email:    ${email}\n  password: ${password}\n  (also in ${file}, mode 0600; change it under Account after signing in)`);
  return { email, file };
}
