/**
 * The browser tests create and upload bundles; they must never point at a shared database.
 * Anything but unset, a file: URL or a PostgreSQL URL on loopback is refused.
 */
export function assertLocalDatabase(url = process.env.DATABASE_URL): void {
  if (!url || url.startsWith("file:")) return;
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error("e2e: DATABASE_URL is not a URL; refusing to run");
  }
  if (!["localhost", "127.0.0.1", "::1", "[::1]", ""].includes(host)) {
    throw new Error(`e2e: refusing to run against a non-local database (${host})`);
  }
}
