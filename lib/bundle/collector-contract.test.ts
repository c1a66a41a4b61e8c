import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "@/lib/archive/test-helpers/temp-dir";
import { matchLayout } from "./layout";
import { walkBundle } from "./walk-bundle";
import type { WalkBundleResult } from "./types";

/**
 * Contract between the real collector and this walker: run collector-script on this
 * machine (read-only; it writes only the bundle into a temp dir) and check that every
 * command output the manifest lists arrives with the manifest's kind, and that the v1
 * layout would have given the same kind (so bundles with a late or broken manifest work).
 */
const COLLECTOR = path.resolve("collector-script/netbundle-collect.sh");
let tmp: ReturnType<typeof makeTempDir>;
let r: WalkBundleResult;

describe.skipIf(!fs.existsSync(COLLECTOR))("walkBundle on a bundle from the real collector", () => {
  beforeAll(async () => {
    tmp = makeTempDir("nb-bundle-contract-");
    const out = tmp.file("real.tar.gz");
    // Async (a blocking spawn starves vitest's worker RPC) and stdin closed (commands that
    // read stdin would otherwise wait for their timeout).
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn("sh", [COLLECTOR, "--output", out, "--since", "5m", "--timeout", "5"], { stdio: ["ignore", "ignore", "pipe"], timeout: 110_000 });
      let stderr = "";
      child.stderr.on("data", (c) => (stderr = (stderr + c).slice(-4000)));
      child.on("error", reject);
      child.on("close", (c) => (c === 0 ? resolve(c) : reject(new Error(`collector exited ${c}: ${stderr}`))));
    });
    expect(code).toBe(0);
    r = await walkBundle(out);
  });
  afterAll(() => tmp?.cleanup());

  it("reads it whole, with a clean manifest and the top folder stripped", () => {
    expect(r.error).toBeNull();
    expect(r.layout).toBe("netbundle-v1");
    expect(r.topFolder).toMatch(/^netbundle-/);
    expect(r.manifestWarnings).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.artifacts[0]?.path).toBe("manifest.json");
  });

  it("gives each manifest command output its manifest kind, and the layout agrees", () => {
    const byPath = new Map(r.artifacts.map((a) => [a.path, a]));
    const written = (r.manifest?.commands ?? []).filter((c) => byPath.has(c.output));
    expect(written.length).toBeGreaterThan(10);
    for (const c of written) {
      const a = byPath.get(c.output);
      expect(a?.kind, c.output).toBe(c.kind);
      expect(matchLayout(c.output)?.kind, `layout.ts for ${c.output}`).toBe(c.kind);
      if (c.netns !== undefined) expect(a?.netns, c.output).toBe(c.netns);
    }
  });
});
