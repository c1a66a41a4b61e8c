/** Test-only: a private temp dir per test, removed afterwards (also when the test fails). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function makeTempDir(prefix = "nb-archive-test-"): { dir: string; file(name: string): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
