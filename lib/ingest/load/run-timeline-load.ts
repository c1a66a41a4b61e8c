import { fork } from "node:child_process";
import { childLauncher } from "../child/child-entry";
import type { LoadResult } from "./load-options";
import { LOAD_COMMAND, type LoadChildMessage, type LoadStartMessage } from "./protocol";

const STDERR_KEEP = 8192;

/**
 * Runs one timeline load in a child process (`netbundle __timeline-load`) and returns its
 * result. Aborting kills the child (an open SQLite transaction or the COPY's rolls back).
 */
export function runTimelineLoad(start: Omit<LoadStartMessage, "type">, opts: { signal?: AbortSignal; onProgress?: (loaded: number) => void } = {}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // NODE_OPTIONS of the server (scripts/start.sh: --require of its HTTP timeouts) is not the
    // child's. A semi-space size there also keeps the launcher from re-running itself (without
    // the IPC channel) to add its own; the loader holds one spool frame at a time.
    const child = fork(childLauncher(), [LOAD_COMMAND], {
      execArgv: [],
      env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=512 --max-semi-space-size=16" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr = (stderr + s).slice(-STDERR_KEEP)));
    child.stdout!.resume();
    let result: LoadResult | null = null;
    let childError: string | null = null;
    let failure: Error | null = null;
    const onAbort = () => {
      failure ??= opts.signal!.reason instanceof Error ? opts.signal!.reason : new Error("timeline load aborted");
      child.kill("SIGKILL");
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("message", (m: LoadChildMessage) => {
      if (m.type === "progress") opts.onProgress?.(m.loaded);
      else if (m.type === "result") result = m.result;
      else if (m.type === "error") childError = m.message;
    });
    child.on("error", (e) => {
      failure ??= e;
      child.kill("SIGKILL");
    });
    child.on("exit", (code, signal) => {
      opts.signal?.removeEventListener("abort", onAbort);
      if (failure) return reject(failure);
      if (result && code === 0) return resolve(result);
      if (childError) return reject(new Error(`timeline load failed: ${childError}`));
      const last = stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 500);
      reject(new Error(`timeline load process ended without a result (${signal ? `signal ${signal}` : `exit code ${code}`})${last ? `: ${last}` : ""}`));
    });
    child.send({ type: "start", ...start } satisfies LoadStartMessage);
  });
}
