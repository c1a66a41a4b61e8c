// Standalone worker process: `npx tsx --conditions=react-server lib/jobs/run-worker.ts`
// (the react-server condition makes `import "server-only"` resolve to its empty module
// outside Next.js). Uses the same env as the web app (NETBUNDLE_DATA_DIR, DATABASE_URL).
import { startInProcessWorker } from "./start-worker";

startInProcessWorker().catch((e) => {
  console.error("[worker] could not start", e);
  process.exit(1);
});
