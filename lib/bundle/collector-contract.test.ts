import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "@/test/support/temp-dir";
import { matchLayout } from "./layout";
import { walkBundle } from "./walk-bundle";

/**
 * Contract between collector-script and layout.ts: every output path the collector writes
 * must get the same kind from the v1 layout as the collector records in the manifest, so a
 * bundle whose manifest comes late or is damaged still reads right.
 */
const COLLECTOR = path.resolve("collector-script/netbundle-collect.sh");

/** `nb_run KIND OUT ...` and `nb_copy KIND SRC OUT` calls, with shell variables filled in. */
function collectorOutputs(script: string): { kind: string; output: string; line: number }[] {
  const vars: Record<string, string> = { d: "netns/4026531840", "1": "netns/4026531840", h: "host", nd_file: "host/mountinfo/4026531841.txt" };
  const out: { kind: string; output: string; line: number }[] = [];
  script.split("\n").forEach((text, i) => {
    const m = /\bnb_(run|copy) ([a-z0-9-]+) (.*)$/.exec(text);
    if (!m) return;
    const args = (m[3] ?? "").match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    const raw = (m[1] === "copy" ? args[1] : args[0]) ?? "";
    const output = raw
      .replace(/^["']|["']$/g, "")
      .replace(/\$\{[^}]*\}|\$([A-Za-z0-9_]+)/g, (all, name: string | undefined) => (name && vars[name]) ?? (name === "cu_d" ? "host/units/kubelet" : "x"));
    out.push({ kind: m[2] ?? "", output, line: i + 1 });
  });
  return out;
}

describe("collector outputs vs layout.ts", () => {
  it("gives every collector output path the kind the collector records", () => {
    const outputs = collectorOutputs(fs.readFileSync(COLLECTOR, "utf8"));
    expect(outputs.length).toBeGreaterThan(40);
    const wrong = outputs.filter((o) => matchLayout(o.output)?.kind !== o.kind).map((o) => `line ${o.line}: ${o.output} is ${o.kind}, layout says ${matchLayout(o.output)?.kind ?? "nothing"}`);
    expect(wrong).toEqual([]);
  });
});

// Live run of the real collector on this machine (as root, like the other collector tests).
describe("walkBundle on a bundle from the real collector", () => {
  it("reads it whole, and each command output arrives with its manifest kind", async () => {
    const tmp = makeTempDir("nb-bundle-contract-");
    try {
      const out = tmp.file("real.tar.gz");
      // stdin closed and spawn async: a blocking spawn starves vitest's worker RPC.
      await new Promise<void>((resolve, reject) => {
        const child = spawn("sh", [COLLECTOR, "--output", out, "--since", "5m", "--timeout", "5"], { stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (c) => (stderr = (stderr + c).slice(-4000)));
        child.on("error", reject);
        child.on("close", (c) => (c === 0 ? resolve() : reject(new Error(`collector exited ${c}: ${stderr}`))));
      });
      const r = await walkBundle(out);
      expect(r.error).toBeNull();
      expect([r.layout, r.manifestWarnings, r.warnings, r.artifacts[0]?.path]).toEqual(["netbundle-v1", [], [], "manifest.json"]);
      const byPath = new Map(r.artifacts.map((a) => [a.path, a]));
      const written = (r.manifest?.commands ?? []).filter((c) => byPath.has(c.output));
      expect(written.length).toBeGreaterThan(10);
      for (const c of written) {
        expect(byPath.get(c.output)?.kind, c.output).toBe(c.kind);
        if (c.netns !== undefined) expect(byPath.get(c.output)?.netns, c.output).toBe(c.netns);
      }
    } finally {
      tmp.cleanup();
    }
  }, 600_000);
});
