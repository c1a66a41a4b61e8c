/**
 * The one-way house (ARCHITECTURE.md): a bundle's data flows archive → bundle → parsers/pcap
 * → stream → model → rules → analyze → server (db, ingest, queries, ...) → app/cli, and no
 * module imports from a folder later in that flow. lib/rules/finding.ts is the exception by
 * design: a leaf vocabulary (Severity, Finding) that imports nothing. Tests are not checked:
 * they may reach anywhere to build inputs.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

/** Folder → its place in the flow; a module may import only from places <= its own. */
const LEVEL: Record<string, number> = {
  "lib/errors": 0, "lib/time": 0, "lib/archive": 0, "lib/rules/finding": 0,
  "lib/bundle": 1,
  "lib/parsers": 2, "lib/pcap": 2,
  "lib/stream": 3,
  "lib/model": 4,
  "lib/rules": 5,
  "lib/analyze": 6,
};
const SERVER = 7; // every other lib/ folder: db, env, jobs, ingest, queries, commands, auth, ...
const FACES = 8; // app/, cli/

function levelOf(rel: string): number {
  const noExt = rel.replace(/\.(ts|tsx|mjs)$/, "");
  const key = Object.keys(LEVEL).filter((k) => noExt === k || noExt.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0];
  if (key) return LEVEL[key]!;
  return rel.startsWith("lib/") ? SERVER : FACES;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== "generated" && e.name !== "fixtures") out.push(...sourceFiles(rel));
    } else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** `@/x/y` and relative specifiers, resolved to repo paths; packages are skipped. */
function importsOf(rel: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, rel), "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
  return specs.flatMap((s) => {
    if (s.startsWith("@/")) return [s.slice(2)];
    if (s.startsWith(".")) return [path.posix.normalize(path.posix.join(path.posix.dirname(rel), s))];
    return [];
  });
}

describe("imports follow the data flow one way", () => {
  const files = [...sourceFiles("lib"), ...sourceFiles("app"), ...sourceFiles("cli")];

  it("finds the source tree (a check over nothing would pass)", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files).toContain("lib/stream/stream-bundle.ts");
  });

  it("no module imports from a later stage", () => {
    const backward: string[] = [];
    for (const f of files) {
      for (const target of importsOf(f)) {
        if (levelOf(target) > levelOf(f)) backward.push(`${f} → ${target}`);
      }
    }
    expect(backward).toEqual([]);
  });

  it("no lib module imports app/ or cli/", () => {
    const bad = files.filter((f) => f.startsWith("lib/")).flatMap((f) => importsOf(f).filter((t) => /^(app|cli)\//.test(t)).map((t) => `${f} → ${t}`));
    expect(bad).toEqual([]);
  });

  it("lib/rules/finding.ts stays a leaf", () => {
    expect(importsOf("lib/rules/finding.ts")).toEqual([]);
  });

  it("the job queue does not import the jobs it runs (handlers load lazily by name)", () => {
    const bad = files.filter((f) => f.startsWith("lib/jobs/")).flatMap((f) => {
      const text = fs.readFileSync(path.join(ROOT, f), "utf8");
      // Static imports only: `() => import("...")` in the registry is the lazy load itself.
      return [...text.matchAll(/^import[^;]*from\s*["']@\/(lib\/(?:ingest|commands|queries)[^"']*)["']/gm)].map((m) => `${f} → ${m[1]}`);
    });
    expect(bad).toEqual([]);
  });
});
