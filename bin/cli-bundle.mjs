// Loads the CLI from an esbuild bundle of cli/ and lib/, built on first use and rebuilt when
// any source file in it changes. Why: run from source through tsx's loader, the CLI spent
// ~0.4 s importing its ~170 modules before doing any work (each import is a round trip to
// tsx's hook thread); the bundle loads in tens of milliseconds. It is split per command, so
// `netbundle pcap` does not load the bundle analyzer. It is ESM with every module in one
// scope, so the hot pcap loops keep direct bindings (a CommonJS build is ~2x slower there:
// every imported binding becomes a getter call).
//
// Builds sit in node_modules/.cache so that their bare imports resolve to the repository's
// packages. Each build gets its own directory; current.json names the one in use and the
// files it was built from with their mtime and size, and a mismatch in any means a rebuild.
// current.json is written to a temporary name and renamed, so concurrent runs (parallel
// tests) never see a half-written build. When nothing can be written or esbuild fails, the
// caller falls back to the sources.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const cacheDir = path.join(root, "node_modules", ".cache", "netbundle-cli");
const currentFile = path.join(cacheDir, "current.json");
// A build this much older than the current one is no longer being loaded by anyone.
const PRUNE_AFTER_MS = 10 * 60 * 1000;

/** The CLI's `main`, from a fresh bundle; null when no bundle can be had (use the sources). */
export async function importBundledCli() {
  let dir;
  try {
    dir = freshBuild() ?? (await rebuild());
  } catch (err) {
    if (process.env.NETBUNDLE_DEBUG) process.stderr.write(`netbundle: running from source (${err.message})\n`);
    return null;
  }
  // Stack traces of internal errors then name the .ts file and line, not the bundle's.
  process.setSourceMapsEnabled(true);
  const { main } = await import(pathToFileURL(path.join(cacheDir, dir, "main.js")).href);
  return main;
}

/** What identifies a file's content for freshness: its mtime and size. */
const stampOf = (st) => `${st.mtimeMs}:${st.size}`;

/** The directory of the current build when every file it was built from is unchanged. */
function freshBuild() {
  let current;
  try {
    current = JSON.parse(readFileSync(currentFile, "utf8"));
    statSync(path.join(cacheDir, current.dir, "main.js")); // someone may have cleared the cache
  } catch {
    return null;
  }
  for (const [file, was] of Object.entries(current.inputs)) {
    try {
      if (stampOf(statSync(path.join(root, file))) !== was) return null;
    } catch {
      return null; // deleted or renamed: an import must have changed too
    }
  }
  return current.dir;
}

async function rebuild() {
  const { build } = await import("esbuild");
  const started = Date.now();
  const dir = `build-${started}-${process.pid}`;
  mkdirSync(path.join(cacheDir, dir), { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["cli/main.ts"],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: "tsconfig.json",
    outdir: path.join(cacheDir, dir),
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
    // `netbundle admin` runs the server's account code (lib/auth): better-auth and the native
    // argon2 binding are loaded from node_modules at run time, not bundled, and the
    // "server-only" marker (which throws unless resolved with React's server condition) is
    // its own empty module.
    // The AWS SDK (S3 blobs, for `netbundle worker`) is loaded from node_modules too: large, and not needed by analyze.
    // pg and pg-boss (the PostgreSQL queue, for `netbundle worker`) likewise: pg's optional native binding must stay a run-time require.
    external: ["better-auth", "better-auth/*", "@node-rs/argon2", "@aws-sdk/*", "pg", "pg-boss"],
    plugins: [serverOnlyIsEmpty],
  });
  const inputs = {};
  let editedDuringBuild = false;
  // This file is an input too: a change to the build options must rebuild.
  const builtFrom = [...Object.keys(result.metafile.inputs), path.relative(root, import.meta.filename)];
  for (const file of builtFrom) {
    const st = statSync(path.join(root, file));
    inputs[file] = stampOf(st);
    // esbuild may have read the old text of a file saved while it ran (or in the same second:
    // mtimes can be coarse); then this build is used once but not made current.
    if (st.mtimeMs >= started - 1000) editedDuringBuild = true;
  }
  if (!editedDuringBuild) {
    const tmp = `${currentFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ dir, inputs }));
    renameSync(tmp, currentFile);
    pruneOldBuilds(started);
  }
  return dir;
}

/** A real file (not a virtual module): every input of a build must be stat-able for freshness. */
const serverOnlyIsEmpty = {
  name: "server-only-is-empty",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: path.join(root, "node_modules", "server-only", "empty.js") }));
  },
};

function pruneOldBuilds(now) {
  for (const name of readdirSync(cacheDir)) {
    const m = /^build-(\d+)-\d+$/.exec(name);
    if (m && Number(m[1]) < now - PRUNE_AFTER_MS) rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
}
