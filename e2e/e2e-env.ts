import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Everything the browser tests share between playwright.config.ts (main process, which
 * starts the server with this environment) and the workers (which re-load the config and
 * inherit the environment). Chosen once, in the main process, then only read.
 */
if (!process.env.NETBUNDLE_E2E_DIR) {
  process.env.NETBUNDLE_E2E_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "nbfe-e2e-"));
  const port = Number(process.env.NETBUNDLE_E2E_PORT ?? 20000 + Math.floor(Math.random() * 20000));
  process.env.NETBUNDLE_E2E_PORT = String(port);
  // The OIDC provider's port must be known before the server starts (its issuer is in the env).
  process.env.NETBUNDLE_E2E_OIDC_PORT ??= String(port === 65535 ? port - 1 : port + 1);
  process.env.NETBUNDLE_E2E_ADMIN_PASSWORD ??= `e2e-${crypto.randomBytes(12).toString("base64url")}`;
  process.env.NETBUNDLE_E2E_OIDC_SECRET ??= crypto.randomBytes(24).toString("base64url");
}

export const E2E_DIR = process.env.NETBUNDLE_E2E_DIR;
export const PORT = Number(process.env.NETBUNDLE_E2E_PORT);
export const BASE = `http://127.0.0.1:${PORT}`;
/** The test server's SQLite file (tests may poke at it, e.g. to expire a link). */
export const DB_FILE = path.join(E2E_DIR, "data", "netbundle.db");

export const ADMIN = { email: "e2e-admin@netbundle.localhost", password: process.env.NETBUNDLE_E2E_ADMIN_PASSWORD ?? "" };
/** Signed-in admin, written by e2e/auth.setup.ts; the default state of every spec's page. */
export const ADMIN_STATE = path.join(E2E_DIR, "admin-state.json");

export const OIDC = {
  port: Number(process.env.NETBUNDLE_E2E_OIDC_PORT),
  issuer: `http://127.0.0.1:${process.env.NETBUNDLE_E2E_OIDC_PORT}`,
  clientId: "netbundle-e2e",
  clientSecret: process.env.NETBUNDLE_E2E_OIDC_SECRET ?? "",
  name: "E2E IdP",
  /** better-auth's callback for genericOAuth provider "oidc" (core /callback/:id route). */
  redirectUri: `${BASE}/api/auth/callback/oidc`,
};

/** An empty browser state: a context that has never signed in. */
export const ANONYMOUS = { cookies: [], origins: [] };
