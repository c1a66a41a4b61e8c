import { ensureBootstrapAdmin } from "@/lib/auth/bootstrap-admin";
import { startInProcessWorker } from "@/lib/jobs/start-worker";

/** What the web server does once at start (called from instrumentation.ts). */
export async function startServerSide(): Promise<void> {
  await ensureBootstrapAdmin();
  await startInProcessWorker();
}
