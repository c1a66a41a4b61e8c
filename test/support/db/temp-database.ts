// The vitest hook lives apart from the creators (create-temp-database.ts), so scripts run
// outside vitest (bench/) can make the same databases: importing vitest there throws.
import { afterAll, beforeAll } from "vitest";
import type { TempDatabase } from "./create-temp-database";

export * from "./create-temp-database";

/**
 * Registers a temp database for the calling test file (SQLite or a real PostgreSQL server)
 * and loads the modules under test only after it exists, since lib/db reads the environment
 * at import. The same suite then runs on both databases from two three-line test files.
 */
export function withTempDatabase<M extends { db: typeof import("@/lib/db") }>(
  create: () => Promise<TempDatabase>,
  load: () => Promise<M>,
): { tmp: () => TempDatabase; mods: () => M } {
  let tmp: TempDatabase | undefined;
  let mods: M | undefined;
  beforeAll(async () => {
    tmp = await create();
    mods = await load();
  });
  afterAll(async () => {
    // The PostgreSQL queue's pool and timers (lib/jobs/pg-boss-queue.ts), before the server stops.
    if (tmp?.kind === "postgres") await (await import("@/lib/jobs/pg-boss-queue")).closePgBoss();
    await mods?.db.db.$disconnect();
    await tmp?.cleanup();
  });
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} used before beforeAll ran`);
    return v;
  };
  return { tmp: () => need(tmp, "temp database"), mods: () => need(mods, "modules") };
}
