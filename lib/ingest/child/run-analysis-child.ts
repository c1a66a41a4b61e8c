import { fork } from "node:child_process";
import type { AnalyzeProgress, StoredArtifactMeta } from "@/lib/analyze/types";
import { BundleUnusableError } from "@/lib/analyze/types";
import { PermanentJobError } from "@/lib/jobs/define-job";
import type { SpoolStats } from "../timeline-spool";
import type { StoredArtifact } from "@/lib/storage";
import type { AnalysisOutcome } from "../analysis-outcome";
import { childLauncher } from "./child-entry";
import { readProcUsage } from "./proc-usage";
import { CHILD_COMMAND, type ChildMessage, type ChildUsage, type ParentMessage, type StartMessage } from "./protocol";

export interface AnalysisBudgets {
  /** Resident memory of the child, MiB (its V8 heap limit is set below this). */
  memoryMiB: number;
  /** CPU seconds (user + system, every thread of the child). */
  cpuSeconds: number;
  wallSeconds: number;
}

export interface RunChildOptions {
  budgets: AnalysisBudgets;
  signal?: AbortSignal;
  onProgress: (p: AnalyzeProgress) => void;
  onArtifact: (meta: StoredArtifactMeta, stored: StoredArtifact) => void;
  /** How often CPU and memory are sampled. */
  pollMs?: number;
}

const STDERR_KEEP = 8192;

/**
 * The V8 flags of a child with `memoryMiB` in all: the old generation gets three quarters
 * (code, buffers and zlib live outside it), the young generation 1/32 up to the 64 MiB that
 * halves journal parsing time (bin/netbundle.mjs). Passed in NODE_OPTIONS so the launcher
 * does not re-run itself to add its own --max-semi-space-size.
 */
export function childNodeOptions(memoryMiB: number): string {
  const oldSpace = Math.max(16, Math.floor(memoryMiB * 0.75));
  const semi = Math.max(1, Math.min(64, Math.floor(memoryMiB / 32)));
  return `--max-old-space-size=${oldSpace} --max-semi-space-size=${semi}`;
}

/**
 * Runs one analysis in a child process (`netbundle __ingest-child`) and returns its outcome.
 * The child is killed, and the promise rejects with a PermanentJobError naming the budget,
 * when it uses more CPU, memory or wall-clock time than allowed; a V8 heap exhaustion is
 * reported as the memory budget too. Whatever the child does, this process only sees messages.
 */
export function runAnalysisChild(start: Omit<StartMessage, "type">, opts: RunChildOptions): Promise<{ outcome: AnalysisOutcome; usage: ChildUsage; timeline: SpoolStats }> {
  const { budgets } = opts;
  return new Promise((resolve, reject) => {
    // NODE_OPTIONS of the server (scripts/start.sh: --require of its HTTP timeouts) is not the child's.
    const child = fork(childLauncher(), [CHILD_COMMAND], {
      execArgv: [],
      env: { ...process.env, NODE_OPTIONS: childNodeOptions(budgets.memoryMiB) },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
    });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr = (stderr + s).slice(-STDERR_KEEP)));
    child.stdout!.resume(); // the child prints nothing; never let a full pipe stall it
    let outcome: { outcome: AnalysisOutcome; usage: ChildUsage; timeline: SpoolStats } | null = null;
    let childError: Extract<ChildMessage, { type: "error" }> | null = null;
    let failure: Error | null = null;
    const stop = (e: Error) => {
      failure ??= e;
      child.kill("SIGKILL");
    };
    const memoryReason = () => new PermanentJobError(`analysis exceeded its ${budgets.memoryMiB} MiB memory budget`);
    const send = (m: ParentMessage) => {
      if (child.connected) child.send(m);
    };

    const wall = setTimeout(() => stop(new PermanentJobError(`analysis exceeded its ${budgets.wallSeconds} s wall-clock budget`)), budgets.wallSeconds * 1000);
    let sampling = false;
    const poll = setInterval(() => {
      if (sampling || child.pid === undefined) return;
      sampling = true;
      void readProcUsage(child.pid)
        .then((u) => {
          if (!u) return;
          if (u.cpuSeconds > budgets.cpuSeconds) stop(new PermanentJobError(`analysis exceeded its ${budgets.cpuSeconds} s CPU budget`));
          else if (u.rssBytes > budgets.memoryMiB * 1024 * 1024) stop(memoryReason());
        })
        .finally(() => (sampling = false));
    }, opts.pollMs ?? 250);
    const onAbort = () => stop(opts.signal!.reason instanceof Error ? opts.signal!.reason : new Error("ingest aborted"));
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("message", (m: ChildMessage) => {
      switch (m.type) {
        case "progress":
          opts.onProgress(m.progress);
          break;
        case "artifact":
          opts.onArtifact(m.meta, m.stored);
          break;
        case "result":
          outcome = { outcome: m.outcome, usage: m.usage, timeline: m.timeline };
          break;
        case "error":
          childError = m;
          break;
      }
    });
    child.on("error", (e) => stop(e)); // fork failed (no node binary, ...): exit follows or never came
    child.on("exit", (code, signal) => {
      clearTimeout(wall);
      clearInterval(poll);
      opts.signal?.removeEventListener("abort", onAbort);
      if (failure) return reject(failure);
      if (outcome && code === 0) return resolve(outcome);
      if (childError?.kind === "unusable") return reject(new BundleUnusableError(childError.message));
      if (childError) return reject(new Error(childError.message));
      if (/heap out of memory|Allocation failed/.test(stderr)) return reject(memoryReason());
      const last = stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 500);
      reject(new Error(`analysis process ended without a result (${signal ? `signal ${signal}` : `exit code ${code}`})${last ? `: ${last}` : ""}`));
    });
    send({ type: "start", ...start });
  });
}
