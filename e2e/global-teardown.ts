import fs from "node:fs";

// Removes the run's temp folder (SQLite file, stored bundles, generated fixtures). Screenshots
// and traces stay in test-results/. Set NETBUNDLE_E2E_KEEP=1 to keep the folder for debugging.
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.NETBUNDLE_E2E_DIR;
  if (!dir || process.env.NETBUNDLE_E2E_KEEP === "1" || !/nbfe-e2e-/.test(dir)) return;
  fs.rmSync(dir, { recursive: true, force: true });
}
