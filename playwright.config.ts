import path from "node:path";
import { defineConfig } from "@playwright/test";
import { ADMIN, ADMIN_STATE, BASE, E2E_DIR, OIDC, PORT } from "./e2e/e2e-env";

/**
 * Browser tests against a production build (`next build && next start`) with its own data
 * directory and SQLite file in a temp folder. The folder, the ports and the test admin's
 * password are chosen once in the main process (e2e/e2e-env.ts) and handed to workers
 * through the environment (workers re-load this file).
 *
 * Projects: "setup" signs the bootstrap admin in through the form and saves the browser
 * state; the specs start signed in as that admin and open fresh contexts for anybody else.
 */
export default defineConfig({
  testDir: "e2e",
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
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    { name: "chromium", testMatch: "**/*.spec.ts", dependencies: ["setup"], use: { storageState: ADMIN_STATE } },
  ],
  webServer: {
    command: `bash e2e/start-server.sh ${PORT}`,
    url: `${BASE}/api/health`,
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NETBUNDLE_DATA_DIR: path.join(E2E_DIR, "data"),
      NETBUNDLE_NEXT_DIST_DIR: ".next/e2e",
      DATABASE_URL: "",
      NETBUNDLE_MAX_UPLOAD_BYTES: String(16 * 1024 * 1024),
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORT),
      NETBUNDLE_BASE_URL: BASE,
      NETBUNDLE_ADMIN_EMAIL: ADMIN.email,
      NETBUNDLE_ADMIN_PASSWORD: ADMIN.password,
      // A real OpenID provider on loopback (oidc-provider, started by the OIDC test itself:
      // better-auth's start-up discovery fails then, and it must retry at sign-in time).
      NETBUNDLE_OIDC_ISSUER: OIDC.issuer,
      NETBUNDLE_OIDC_CLIENT_ID: OIDC.clientId,
      NETBUNDLE_OIDC_CLIENT_SECRET: OIDC.clientSecret,
      NETBUNDLE_OIDC_NAME: OIDC.name,
    },
  },
});
