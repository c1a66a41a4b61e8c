// Loads the CLI from one esbuild bundle of cli/ and lib/, built on first use and rebuilt when
// any source file in it changes. Why: run from source through tsx's loader, the CLI spent
// ~0.4 s importing its ~170 modules before doing any work (each import is a round trip to
// tsx's hook thread); the bundle loads in ~0.07 s. The bundle is ESM with every module in
// one scope, so the hot pcap loops keep direct bindings (a CommonJS build is ~2x slower
// there: every imported binding becomes a getter call).
//
// The bundle sits in node_modules/.cache so that its bare imports (jszip, zod) resolve to
// the repository's packages. Beside it, a list of the files it was built from with their
// mtime and size: a mismatch in any means a rebuild. Writes go to a temporary name and are
// renamed, so concurrent runs (parallel tests) never load a half-written file. When the
// directory cannot be written or esbuild fails, the caller falls back to the sources.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "node_modules", ".cache", "netbundle-cli");
const outFile = path.join(outDir, "cli.mjs");
const inputsFile = path.join(outDir, "inputs.json");

/** The CLI's `main`, from a fresh bundle; null when no bundle can be had (use the sources). */
export async function importBundledCli() {
  try {
    if (!isFresh()) await rebuild();
  } catch (err) {
    if (process.env.NETBUNDLE_DEBUG) process.stderr.write(`netbundle: running from source (${err.message})\n`);
    return null;
  }
  // Stack traces of internal errors then name the .ts file and line, not the bundle's.
  process.setSourceMapsEnabled(true);
  const { main } = await import(pathToFileURL(outFile).href);
  return main;
}

function stamp(file) {
  const st = statSync(file);
  return `${st.mtimeMs}:${st.size}`;
}

function isFresh() {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(inputsFile, "utf8"));
    statSync(outFile);
  } catch {
    return false;
  }
  for (const [file, was] of Object.entries(recorded.inputs)) {
    try {
      if (stamp(path.join(root, file)) !== was) return false;
    } catch {
      return false; // deleted or renamed: an import must have changed too
    }
  }
  return true;
}

async function rebuild() {
  const { build } = await import("esbuild");
  const started = Date.now();
  mkdirSync(outDir, { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["cli/main.ts"],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: "tsconfig.json",
    outfile: tmp,
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
  });
  const inputs = {};
  let editedDuringBuild = false;
  // This file is an input too: a change to the build options must rebuild.
  const builtFrom = [...Object.keys(result.metafile.inputs), path.relative(root, import.meta.filename)];
  for (const file of builtFrom) {
    const full = path.join(root, file);
    inputs[file] = stamp(full);
    // esbuild may have read the old text of a file saved while it ran (or in the same second:
    // mtimes can be coarse); then this bundle is used once but not recorded as fresh.
    if (statSync(full).mtimeMs >= started - 1000) editedDuringBuild = true;
  }
  // The map is named after the temporary file; point the bundle at the final map name.
  const code = readFileSync(tmp, "utf8").replace(/\/\/# sourceMappingURL=\S+\s*$/, "//# sourceMappingURL=cli.mjs.map\n");
  writeFileSync(tmp, code);
  renameSync(`${tmp}.map`, `${outFile}.map`);
  renameSync(tmp, outFile);
  if (editedDuringBuild) return;
  const inputsTmp = `${inputsFile}.${process.pid}.tmp`;
  writeFileSync(inputsTmp, JSON.stringify({ inputs }));
  renameSync(inputsTmp, inputsFile);
}
