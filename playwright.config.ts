import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * Browser tests against a production build (`next build && next start`) with its own data
 * directory and SQLite file in a temp folder. The folder and port are chosen once in the
 * main process and handed to workers through the environment (workers re-load this file).
 */
if (!process.env.NETBUNDLE_E2E_DIR) {
  process.env.NETBUNDLE_E2E_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "nbfe-e2e-"));
  process.env.NETBUNDLE_E2E_PORT = String(process.env.NETBUNDLE_E2E_PORT ?? 20000 + Math.floor(Math.random() * 20000));
}
const DIR = process.env.NETBUNDLE_E2E_DIR;
const PORT = Number(process.env.NETBUNDLE_E2E_PORT);
const BASE = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: BASE,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: `bash e2e/start-server.sh ${PORT}`,
    url: `${BASE}/`,
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NETBUNDLE_DATA_DIR: path.join(DIR, "data"),
      NETBUNDLE_NEXT_DIST_DIR: ".next/e2e",
      DATABASE_URL: "",
      NETBUNDLE_MAX_UPLOAD_BYTES: String(16 * 1024 * 1024),
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORT),
    },
  },
});
