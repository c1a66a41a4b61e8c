// Standalone worker process: `npx tsx --conditions=react-server lib/jobs/run-worker.ts`
// (the react-server condition makes `import "server-only"` resolve to its empty module
// outside Next.js). Uses the same env as the web app (NETBUNDLE_DATA_DIR, DATABASE_URL, the
// NETBUNDLE_INGEST_* budgets). Run it from the repository: each ingest forks the analysis
// child through bin/netbundle.mjs, found from the working directory (lib/ingest/child/child-entry.ts).
import { startInProcessWorker } from "./start-worker";

startInProcessWorker().catch((e) => {
  console.error("[worker] could not start", e);
  process.exit(1);
});
