/**
 * `netbundle worker [--concurrency N] [--grace SECONDS]`: runs queued jobs (ingests,
 * retention) outside the web server, with the web app's environment (DATABASE_URL,
 * NETBUNDLE_DATA_DIR, NETBUNDLE_S3_*, NETBUNDLE_INGEST_*). Logs one JSON object per line.
 * Exit 0 after a SIGTERM/SIGINT stop, 2 with a one-line reason on bad usage or when the
 * database cannot be opened.
 */
import { oneLine, prepareServerProcess } from "@/cli/server-process";

export const WORKER_USAGE = `usage: netbundle worker [--concurrency N] [--grace SECONDS]
           runs queued jobs until SIGTERM/SIGINT; N jobs at once (default NETBUNDLE_INGEST_CONCURRENCY, 2);
           on SIGTERM running jobs get SECONDS (default 30) to finish, then go back to the queue
Run with the web app's DATABASE_URL (or NETBUNDLE_DATA_DIR), NETBUNDLE_S3_* and NETBUNDLE_INGEST_* settings.`;

const DEFAULT_GRACE_SECONDS = 30;

export async function runWorkerCommand(argv: string[]): Promise<number> {
  let concurrency: number | undefined;
  let graceSeconds = DEFAULT_GRACE_SECONDS;
  const intArg = (flag: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (v === undefined || !/^\d+$/.test(v) || n < min || n > max) throw new Error(`${flag} takes a whole number from ${min} to ${max}`);
    return n;
  };
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === "--help" || a === "-h") {
        process.stdout.write(WORKER_USAGE + "\n");
        return 0;
      }
      const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      if (flag === "--concurrency") concurrency = intArg(flag, inline ?? argv[++i], 1, 64);
      else if (flag === "--grace") graceSeconds = intArg(flag, inline ?? argv[++i], 0, 86_400);
      else throw new Error(`unknown option '${a}'`);
    }
  } catch (e) {
    process.stderr.write(`netbundle worker: ${oneLine(e)}\n${WORKER_USAGE}\n`);
    return 2;
  }
  await prepareServerProcess();
  let run: typeof import("@/lib/jobs/run-worker").runWorkerProcess;
  try {
    ({ runWorkerProcess: run } = await import("@/lib/jobs/run-worker"));
  } catch (e) {
    process.stderr.write(`netbundle worker: cannot start: ${oneLine(e)}\n`);
    return 2;
  }
  try {
    return await run({ concurrency, graceMs: graceSeconds * 1000 });
  } catch (e) {
    process.stderr.write(`netbundle worker: cannot start: ${oneLine(e)}\n`);
    return 2;
  }
}
