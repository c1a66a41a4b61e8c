#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `netbundle` command. The CLI is TypeScript; it runs from an esbuild
// bundle that is rebuilt whenever a source changes (bin/cli-bundle.mjs), or from the sources
// through tsx's loader when no bundle can be written. Either way the repository needs no
// separate build step for it.
import { pathToFileURL } from "node:url";
import path from "node:path";

// Parsing a journal allocates millions of short-lived objects; a 64 MiB young generation
// halves the analysis time (bench/ingest: 13.3 s → 7.7 s). V8 takes the size only at start:
// the shebang passes it when this file is run as a command; `node bin/netbundle.mjs` re-runs
// itself once with the flag (one more Node start-up, ~50 ms).
const SEMI_SPACE = "--max-semi-space-size=64";
if (!process.execArgv.includes(SEMI_SPACE) && !(process.env.NODE_OPTIONS ?? "").includes("--max-semi-space-size")) {
  // Imported here only: loading node:child_process takes ~10 ms of a ~70 ms start-up.
  const { spawn } = await import("node:child_process");
  const { constants } = await import("node:os");
  const child = spawn(process.execPath, [SEMI_SPACE, ...process.execArgv, import.meta.filename, ...process.argv.slice(2)], { stdio: "inherit" });
  // A stop request goes to the process doing the work (`netbundle worker` finishes or releases
  // its jobs on SIGTERM); a SIGKILL of this launcher cannot be passed on, so supervisors should
  // run the command itself (its shebang passes the flag: no relaunch).
  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, () => child.kill(sig));
  const code = await new Promise((resolve) => {
    child.on("exit", (status, signal) => resolve(status ?? (signal ? 128 + (constants.signals[signal] ?? 15) : 1)));
    child.on("error", () => resolve(1));
  });
  process.exit(code);
}

const { importBundledCli } = await import("./cli-bundle.mjs");
const main = (await importBundledCli()) ?? (await importFromSource());
process.exitCode = await main(process.argv.slice(2));

async function importFromSource() {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(import.meta.dirname, "..", "tsconfig.json") });
  return (await import(pathToFileURL(path.join(import.meta.dirname, "..", "cli", "main.ts")).href)).main;
}
