import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The address both leaked namespaces carry (TEST-NET benchmark range, never routed). */
export const DUP_IP = "198.18.0.5";

function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: "pipe" });
}

/**
 * Runs the real collector on this machine after building scenario 3 in miniature: two
 * named network namespaces (held only by their /run/netns bind mounts, no process) joined
 * by a veth pair, each end carrying DUP_IP. Needs root; everything made is removed again,
 * also when the collector fails. Names carry a per-run prefix so parallel runs never collide.
 */
export function makeScenarioBundle(outDir: string): { file: string; tag: string } {
  const collector = path.resolve("collector-script/netbundle-collect.sh");
  if (!fs.existsSync(collector)) throw new Error("collector-script/netbundle-collect.sh missing");
  const tag = `nbfe${process.pid.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.slice(0, 10);
  const a = `${tag}-a`;
  const b = `${tag}-b`;
  const out = path.join(outDir, "scenario-bundle.tar.gz");
  try {
    ip("netns", "add", a);
    ip("netns", "add", b);
    ip("-n", a, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", b);
    ip("-n", a, "addr", "add", `${DUP_IP}/24`, "dev", "eth0");
    ip("-n", b, "addr", "add", `${DUP_IP}/24`, "dev", "eth0");
    ip("-n", a, "link", "set", "eth0", "up");
    ip("-n", b, "link", "set", "eth0", "up");
    execFileSync("sh", [collector, "--output", out, "--since", "10m", "--timeout", "5", "--jobs", "2"], { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  } finally {
    for (const ns of [a, b]) {
      try {
        ip("netns", "del", ns);
      } catch {}
    }
  }
  return { file: out, tag };
}
