// Next.js instrumentation hook: starts the in-process job worker with the server
// (Node.js runtime only; never in the edge runtime or during `next build`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startInProcessWorker } = await import("./lib/jobs/start-worker");
  await startInProcessWorker();
}
