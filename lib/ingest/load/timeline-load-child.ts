import type { LoadChildMessage, LoadStartMessage } from "./protocol";

/**
 * The loader child's side (`netbundle __timeline-load`, forked by run-timeline-load.ts): waits
 * for one "start", bulk-loads that spool into the database named there, reports progress and
 * the result, and exits. The drivers are imported for the database in use only.
 */
export async function runTimelineLoadChild(): Promise<number> {
  if (!process.send) {
    process.stderr.write("netbundle: __timeline-load is started by the ingest job (it needs an IPC channel)\n");
    return 2;
  }
  const start = await new Promise<LoadStartMessage>((resolve) => process.on("message", (m: LoadStartMessage) => m.type === "start" && resolve(m)));
  let finished = false;
  // The job going away (server stopped, lease lost) ends the load; its open transaction rolls back.
  process.on("disconnect", () => finished || process.exit(70));
  const send = (m: LoadChildMessage) => new Promise<void>((resolve, reject) => process.send!(m, undefined, {}, (e) => (e ? reject(e) : resolve())));
  const opts = {
    spoolPath: start.spoolPath,
    bundleId: start.bundleId,
    generation: start.generation,
    total: start.total,
    onProgress: (loaded: number) => void send({ type: "progress", loaded }).catch(() => undefined),
  };
  try {
    const result =
      start.target.kind === "postgres"
        ? await (await import("./load-timeline-pg")).loadTimelinePg(start.target.url, opts)
        : await (await import("./load-timeline-sqlite")).loadTimelineSqlite(start.target.file, opts);
    await send({ type: "result", result });
    return 0;
  } catch (e) {
    await send({ type: "error", message: e instanceof Error ? e.message : String(e) }).catch(() => undefined);
    return 1;
  } finally {
    finished = true;
    process.disconnect();
  }
}
