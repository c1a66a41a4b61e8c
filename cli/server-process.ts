/**
 * Setting up a CLI process to run the server's own modules (`netbundle admin`, `netbundle
 * worker`): they import "server-only", read the environment and open the database when
 * imported, so a command calls prepareServerProcess() before importing any of them.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Makes relative NETBUNDLE_DATA_DIR / file: DATABASE_URL absolute against the caller's
 * directory, then moves to the installation (the generated Prisma clients and
 * bin/netbundle.mjs, which the ingest forks for its analysis child, are found from there).
 * Returns the installation directory, or null when it was not found.
 */
export async function prepareServerProcess(): Promise<string | null> {
  if (import.meta.url.endsWith(".ts")) await stubServerOnlyForSource();
  const root = installRoot();
  const dataDir = process.env.NETBUNDLE_DATA_DIR;
  if (dataDir && dataDir.trim() !== "") process.env.NETBUNDLE_DATA_DIR = path.resolve(dataDir);
  const url = process.env.DATABASE_URL?.trim();
  if (url?.startsWith("file:") && !path.isAbsolute(url.slice(5))) process.env.DATABASE_URL = `file:${path.resolve(url.slice(5))}`;
  if (root) process.chdir(root);
  // No request is ever served here; a base URL only keeps better-auth from warning about it.
  if (!process.env.NETBUNDLE_BASE_URL && !process.env.BETTER_AUTH_URL) process.env.BETTER_AUTH_URL = "http://localhost";
  return root;
}

export function installRoot(): string | null {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; ) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name === "netbundle") return dir;
    } catch {
      // no package.json here, or not JSON: keep looking
    }
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

const SERVER_ONLY_HOOK = `export async function resolve(specifier, context, next) {
  return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(specifier, context);
}`;

/** Run from the sources (no CLI bundle), "server-only" would throw outside React's server condition. */
async function stubServerOnlyForSource(): Promise<void> {
  const { register } = await import("node:module");
  register(`data:text/javascript,${encodeURIComponent(SERVER_ONLY_HOOK)}`);
}

export function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/:\s*\n\s*/g, ": ").replace(/\s*\n\s*/g, "; ");
}
