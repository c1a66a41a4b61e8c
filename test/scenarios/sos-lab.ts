/**
 * Real sosreports for the scenario tests: Debian's `sos report` (sos 4.x, package sosreport)
 * run inside a test netns through `ip netns exec`, which also gives it a private mount
 * namespace with that netns's /sys. What sos reads as "the host" is then the test's node:
 * its interfaces, routes, sysctls (net.* are per netns) and iptables. sos only reads; it runs
 * without --allow-system-changes, so its kernel-module predicates stay as on a customer node.
 * Other named netns on the machine (other test files') are in the report too.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sh, type Lab, type LabNetns } from "@/collector-script/test/lab";
import { tempDir, withLab } from "./lab-extra";

/** Plugins that hold the node-networking facts (date: the clock and its zone). */
export const SOS_PLUGINS = ["networking", "process", "kernel", "logs", "date"];

export interface SosRun {
  archive: string;
  /** The unpacked top folder (sosreport-HOST-...), absolute. */
  dir: string;
  elapsedMs: number;
  /** Text of a file, relative to the top folder. */
  read(rel: string): string;
}

export function sosAvailable(): boolean {
  try {
    sh(["sos", "report", "--help"]);
    return true;
  } catch {
    return false;
  }
}

/** `ip netns exec NODE sos report --batch ...` with the given compression; unpacked for citing. */
export async function runSos(lab: Lab, node: LabNetns, compression: "xz" | "gzip", opts: { plugins?: string[]; tz?: string } = {}): Promise<SosRun> {
  const plugins = opts.plugins ?? SOS_PLUGINS;
  if (!node.name) throw new Error("runSos needs a named netns");
  const out = tempDir(lab, `sos-${compression}`);
  const t0 = Date.now();
  const argv = ["netns", "exec", node.name, "sos", "report", "--batch", "-q", "-o", plugins.join(","), "--tmp-dir", out, "-z", compression, "--plugin-timeout", "120"];
  const { code, stderr } = await run("ip", argv, opts.tz ? { ...process.env, TZ: opts.tz } : process.env);
  if (code !== 0) throw new Error(`sos report failed (${code}): ${stderr.slice(-2000)}`);
  const archive = fs.readdirSync(out).find((f) => /^sosreport-.*\.tar\.(xz|gz)$/.test(f));
  if (!archive) throw new Error(`no sosreport archive in ${out}: ${fs.readdirSync(out).join(", ")}`);
  const unpacked = tempDir(lab, "sos-untar");
  sh(["tar", "-xf", path.join(out, archive), "-C", unpacked]);
  const top = fs.readdirSync(unpacked).find((f) => f.startsWith("sosreport-"));
  if (!top) throw new Error("sosreport archive has no sosreport-* top folder");
  const dir = path.join(unpacked, top);
  return { archive: path.join(out, archive), dir, elapsedMs: Date.now() - t0, read: (rel) => fs.readFileSync(path.join(dir, rel), "utf8") };
}

/**
 * Like lab-extra's withLab, with room for several sos runs: each takes 3-10 s alone and
 * several times that on a loaded CI machine, past vitest's 120 s hook default.
 */
export function withSosLab(lab: Lab, build: () => Promise<void>, timeoutMs = 420_000): void {
  withLab(lab, build, timeoutMs);
}

/** Async, so the vitest worker's event loop keeps answering while sos runs. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"], env });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}
