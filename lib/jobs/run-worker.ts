import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { jobLog, setJobLogFormat } from "./job-log";
import { startJobWorker } from "./start-worker";

/**
 * `netbundle worker` (cli/worker-command.ts): runs jobs outside the web server, on any host
 * that reaches the database and the blob store, with the web app's environment. SIGTERM or
 * SIGINT: stop claiming, give running jobs graceMs to finish, release the rest (another
 * worker takes them at once), exit 0. A second signal releases at once.
 * Resolves with the exit code once stopped.
 */
export async function runWorkerProcess(opts: { concurrency?: number; graceMs: number }): Promise<number> {
  setJobLogFormat("json");
  const concurrency = opts.concurrency ?? env.NETBUNDLE_INGEST_CONCURRENCY;
  const { worker, stop } = await startJobWorker({ concurrency });
  return new Promise<number>((resolve) => {
    let stopping: Promise<void> | null = null;
    const onSignal = (sig: NodeJS.Signals) => {
      if (stopping) {
        jobLog("warn", `${sig} again: releasing running jobs now`, { worker: worker.id });
        void stop(0);
        return;
      }
      jobLog("info", `${sig}: stopping (running jobs get ${Math.round(opts.graceMs / 1000)} s)`, { worker: worker.id });
      stopping = stop(opts.graceMs)
        .then(() => db.$disconnect())
        .then(
          () => {
            jobLog("info", "stopped", { worker: worker.id });
            resolve(0);
          },
          (e) => {
            jobLog("error", "stop failed", { worker: worker.id }, e);
            resolve(1);
          },
        );
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}
