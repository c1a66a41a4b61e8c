// Next.js instrumentation hook: at server start (Node.js runtime only; never in the edge
// runtime, where the middleware runs, or during `next build`) it makes the first admin when
// no user exists and starts the in-process job worker. The `=== "nodejs"` test is what lets
// Next drop the Node-only imports from the edge build.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startServerSide } = await import("./lib/start-server-side");
    await startServerSide();
  }
}
