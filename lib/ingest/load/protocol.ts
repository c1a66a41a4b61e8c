import type { LoadResult } from "./load-options";

/**
 * Messages between the ingest job and the timeline loader child (`netbundle __timeline-load`,
 * lib/ingest/load/timeline-load-child.ts) over Node's IPC channel. The loader has a database
 * connection of its own: on SQLite its statements then block neither the web server's event
 * loop (better-sqlite3 is synchronous) nor the job's; on PostgreSQL it is simply one more client.
 */
export type TLoadTarget = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };

export interface LoadStartMessage {
  type: "start";
  target: TLoadTarget;
  spoolPath: string;
  bundleId: string;
  generation: number;
  total: number;
}

export type LoadChildMessage = { type: "progress"; loaded: number } | { type: "result"; result: LoadResult } | { type: "error"; message: string };

/** argv of the CLI (bin/netbundle.mjs) that makes it the timeline loader. Internal: not in the usage text. */
export const LOAD_COMMAND = "__timeline-load";
