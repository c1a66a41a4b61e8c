// Is the analysis unchanged? Analyses every bundle of a set (make-set.mjs) with the tree at
// BASE (a git revision, checked out into a temporary worktree) and with this working tree,
// and compares dump.ts's JSON byte for byte. Prints one line per bundle with both trees'
// times (A/B in the same run, alternating) and exits 1 on any difference.
//   node bench/analysis-identity/compare.mjs BASE SET_DIR [--rounds=N]
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const [base, setDir, ...flags] = process.argv.slice(2);
if (!base || !setDir) throw new Error("usage: compare.mjs BASE SET_DIR [--rounds=N]");
const rounds = Number(flags.find((f) => f.startsWith("--rounds="))?.slice(9) ?? 1);
const headRev = flags.find((f) => f.startsWith("--head="))?.slice(7);

const bundles = [];
const collect = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith(".")) collect(p);
    else if (/\.(tar\.gz|tgz|tar|zip|tar\.xz|txz)$/.test(e.name)) bundles.push(p);
  }
};
collect(path.resolve(setDir));
if (bundles.length === 0) throw new Error(`no bundles in ${setDir}`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "nb-identity-"));
const worktrees = [];
/** A checkout of rev beside this tree, sharing its node_modules, with this tree's dump.ts. */
function checkout(name, rev) {
  const tree = path.join(work, name);
  execFileSync("git", ["-C", root, "worktree", "add", "--detach", tree, rev], { stdio: "ignore" });
  worktrees.push(tree);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(tree, "node_modules"));
  fs.mkdirSync(path.join(tree, "bench/analysis-identity"), { recursive: true });
  fs.copyFileSync(path.join(here, "dump.ts"), path.join(tree, "bench/analysis-identity/dump.ts"));
  return tree;
}
try {
  const baseTree = checkout("base", base);
  const headTree = headRev ? checkout("head", headRev) : root;
  const times = { base: new Map(), head: new Map() };
  const run = (tree, label, out) => {
    const r = spawnSync("npx", ["tsx", "--tsconfig", path.join(tree, "tsconfig.json"), path.join(tree, "bench/analysis-identity/dump.ts"), out, ...bundles], { cwd: tree, encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`${label}: dump failed\n${r.stderr}`);
    for (const line of r.stdout.trim().split("\n")) {
      const [name, secs] = line.split("\t");
      const list = times[label].get(name) ?? [];
      list.push(parseFloat(secs));
      times[label].set(name, list);
    }
  };
  for (let i = 0; i < rounds; i++) {
    run(baseTree, "base", path.join(work, "out-base"));
    run(headTree, "head", path.join(work, "out-head"));
  }
  let differ = 0;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`base ${base} vs ${headRev ?? "working tree"}, ${bundles.length} bundles, ${rounds} round(s), median seconds`);
  for (const b of bundles) {
    const name = path.basename(b);
    const a = fs.readFileSync(path.join(work, "out-base", `${name}.json`), "utf8");
    const h = fs.readFileSync(path.join(work, "out-head", `${name}.json`), "utf8");
    const tb = median(times.base.get(name)), th = median(times.head.get(name));
    let verdict = "identical";
    if (a !== h) {
      differ++;
      const al = a.split("\n"), hl = h.split("\n");
      const i = al.findIndex((l, k) => l !== hl[k]);
      verdict = `DIFFERS at line ${i + 1}:\n    base: ${al[i]?.slice(0, 200)}\n    head: ${hl[i]?.slice(0, 200)}`;
    }
    console.log(`${path.relative(setDir, b).padEnd(48)} ${tb.toFixed(2).padStart(7)} ${th.toFixed(2).padStart(7)}  ${verdict}`);
  }
  console.log(differ ? `${differ} of ${bundles.length} bundles differ` : `all ${bundles.length} bundles identical`);
  process.exitCode = differ ? 1 : 0;
} finally {
  for (const t of worktrees) execFileSync("git", ["-C", root, "worktree", "remove", "--force", t], { stdio: "ignore" });
  fs.rmSync(work, { recursive: true, force: true });
}
