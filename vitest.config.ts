import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "cli/**/*.test.ts", "test/**/*.test.ts", "collector-script/**/*.test.ts"],
    // Namespace-building tests change shared kernel state; keep files serial where they say so.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
