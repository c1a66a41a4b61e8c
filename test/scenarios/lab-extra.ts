/**
 * Scenario helpers on top of collector-script/test/lab.ts: a test netns acting as the
 * node (a bridge playing docker0/cni0), "pods" wired to it by veth pairs, fake runtime
 * processes (a shim and a pause copied under their real names), and one call that runs the
 * real collector and analyzeBundle on the result.
 *
 * Every netns is named with the lab prefix (nbs-...), every address is in 198.18.0.0/15,
 * and all configuration happens inside those namespaces (never in the root netns).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { COLLECTOR, extractBundle, sh, type ExtractedBundle, type Lab, type LabNetns } from "@/collector-script/test/lab";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import type { AnalysisResult } from "@/lib/analyze/types";

// vitest only when running under it: the demo generator (make-demo-bundle.ts) uses these
// helpers from a plain tsx run, where importing vitest throws.
const vitest = process.env.VITEST ? await import("vitest") : null;

export interface TestNode {
  ns: LabNetns;
  bridge: string;
  /** Bridge address without prefix, the pods' gateway. */
  gateway: string;
  prefixLen: number;
}

/**
 * A named netns with a bridge (`bridge`, addressed `cidr`) that plays the node's docker0/cni0.
 * With `uplink` ("198.18.N.2/24"), also an eth0 with that address and a default route
 * via the subnet's first host, as a real node has. Callers pick subnets unique to their file: the
 * bundle holds every netns on the machine, so equal addresses in two files would collide.
 */
export function makeNode(lab: Lab, suffix: string, cidr: string, opts: { bridge?: string; uplink?: string } = {}): TestNode {
  const bridge = opts.bridge ?? "cni0";
  const ns = lab.namedNetns(suffix);
  const [gateway, len] = cidr.split("/");
  lab.inNetns(ns, ["ip", "link", "add", bridge, "type", "bridge"]);
  lab.inNetns(ns, ["ip", "addr", "add", cidr, "dev", bridge]);
  lab.inNetns(ns, ["ip", "link", "set", bridge, "up"]);
  if (opts.uplink) {
    // no dummy module on every kernel: a veth pair with both ends here stands in for the NIC
    lab.inNetns(ns, ["ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0peer"]);
    lab.inNetns(ns, ["ip", "link", "set", "eth0peer", "up"]);
    lab.inNetns(ns, ["ip", "addr", "add", opts.uplink, "dev", "eth0"]);
    lab.inNetns(ns, ["ip", "link", "set", "eth0", "up"]);
    lab.inNetns(ns, ["ip", "route", "add", "default", "via", firstHost(opts.uplink), "dev", "eth0"]);
  }
  return { ns, bridge, gateway: gateway ?? "", prefixLen: Number(len) };
}

/** First host address of an IPv4 CIDR: "198.18.7.66/26" → "198.18.7.65". */
export function firstHost(cidr: string): string {
  const [ip, len] = cidr.split("/");
  const n = (ip ?? "").split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(len));
  const first = Math.floor(n / size) * size + 1;
  return [24, 16, 8, 0].map((sh) => Math.floor(first / 2 ** sh) % 256).join(".");
}

/** True when a runtime listing (docker ps / crictl) ran successfully in this bundle. */
export function runtimeListed(bundle: ExtractedBundle): boolean {
  return bundle.manifest.commands.some((c) => ["docker-ps", "crictl-ps", "crictl-pods"].includes(c.kind) && c.exitCode === 0 && !c.notFound);
}

let vethSeq = 0;

/**
 * Wires a netns to the node's bridge like a CNI bridge plugin: eth0 inside the pod with
 * `ip/prefix`, the host end enslaved to the bridge, and a default route via the bridge.
 * Returns the host-side interface name.
 */
export function attachPod(lab: Lab, node: TestNode, pod: LabNetns, ip: string, opts: { defaultRoute?: boolean } = {}): string {
  if (!node.ns.name || !pod.name) throw new Error("attachPod needs named namespaces (attach before hiding them)");
  const host = `veth${process.pid % 1000}x${vethSeq++}`;
  sh(["ip", "-n", node.ns.name, "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", pod.name]);
  sh(["ip", "-n", node.ns.name, "link", "set", host, "master", node.bridge, "up"]);
  sh(["ip", "-n", pod.name, "addr", "add", `${ip}/${node.prefixLen}`, "dev", "eth0"]);
  sh(["ip", "-n", pod.name, "link", "set", "eth0", "up"]);
  if (opts.defaultRoute !== false) sh(["ip", "-n", pod.name, "route", "add", "default", "via", node.gateway]);
  return host;
}

/** `sysctl -w` inside the netns (never in the root netns). */
export function sysctlIn(lab: Lab, ns: LabNetns, key: string, value: string | number): void {
  lab.inNetns(ns, ["sysctl", "-q", "-w", `${key}=${value}`]);
}

/** A temp dir removed at cleanup. */
export function tempDir(lab: Lab, what: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${lab.prefix}-${what}-`));
  lab.onCleanup(`dir ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Copies a system binary under another name, so `ps` shows that name as comm. */
export function fakeBinary(dir: string, from: string, name: string): string {
  const to = path.join(dir, name);
  if (fs.existsSync(to)) return to; // already made (and maybe running: ETXTBSY on rewrite)
  fs.copyFileSync(from, to);
  fs.chmodSync(to, 0o755);
  return to;
}

/** A random 64-hex container id, like docker's. */
export function containerId(): string {
  let id = "";
  while (id.length < 64) id += Math.floor(Math.random() * 16).toString(16);
  return id;
}

/**
 * A "pause" process (a copy of sleep, or another name such as "dockerd" for the node)
 * living in the netns, child of this test process: a live workload. Killed at cleanup.
 */
export function startPause(lab: Lab, ns: LabNetns, dir: string, name = "pause"): number {
  const pause = fakeBinary(dir, "/bin/sleep", name);
  const child = spawn("nsenter", [`--net=${ns.path}`, "--", pause, "3600"], { stdio: "ignore" });
  const pid = child.pid;
  if (!pid) throw new Error("pause did not start");
  lab.onCleanup(`pause ${pid}`, () => killAndWait(pid));
  waitFor(() => netnsOfPid(pid) === ns.inode, `pause ${pid} to enter ${ns.path}`);
  return pid;
}

export interface OrphanShim {
  shimPid: number;
  pausePid: number;
  containerId: string;
  ns: LabNetns;
}

/**
 * Scenario 1's leftover: a `containerd-shim` (a copy of dash, so it accepts shim-like
 * arguments with the container id) with a `pause` child, started by a double fork so it is
 * reparented away from us, both inside the netns; then the netns name is removed, so the
 * shim and its child are the netns' only holders.
 */
export function startOrphanShim(lab: Lab, ns: LabNetns, dir: string): OrphanShim {
  if (!ns.name) throw new Error("startOrphanShim needs a named netns");
  const id = containerId();
  const shim = fakeBinary(dir, "/bin/dash", "containerd-shim");
  const pause = fakeBinary(dir, "/bin/sleep", "pause");
  // dash -c CMD $0 $1...: everything after CMD is only shown in ps, as a real shim's argv is
  const shimArgs = [
    "containerd-shim", "-namespace", "moby", "-workdir", `/var/lib/containerd/io.containerd.runtime.v1.linux/moby/${id}`,
    "-address", "/run/containerd/containerd.sock", "-containerd-binary", "/usr/bin/containerd", "-runtime-root", "/var/run/docker/runtime-runc",
  ].join(" ");
  const out = sh([
    "setsid", "sh", "-c",
    `nsenter --net='${ns.path}' -- '${shim}' -c '"${pause}" 3600; exit 0' ${shimArgs} </dev/null >/dev/null 2>&1 & echo $!`,
  ]);
  const shimPid = Number(out.trim());
  lab.onCleanup(`orphan shim ${shimPid}`, () => killAndWait(shimPid));
  let pausePid = 0;
  waitFor(() => {
    pausePid = childrenOf(shimPid)[0] ?? 0;
    return pausePid > 0 && netnsOfPid(pausePid) === ns.inode && commOf(shimPid) === "containerd-shim";
  }, `shim ${shimPid} and its pause to start in ${ns.path}`);
  lab.onCleanup(`orphan pause ${pausePid}`, () => killAndWait(pausePid));
  sh(["ip", "netns", "del", ns.name]);
  return { shimPid, pausePid, containerId: id, ns: { ...ns, path: `/proc/${pausePid}/ns/net`, holder: "process", pid: pausePid, name: undefined } };
}

/** Scenario 2's holder: the netns held only by an nsfs mount in a private mount namespace. */
export function hideInPrivateMount(lab: Lab, ns: LabNetns): LabNetns {
  return lab.hideInPrivateMount(ns);
}

/** Runs argv inside the netns, bounded by a timeout; failure is expected (dropped traffic). */
export function tryInNetns(ns: LabNetns, argv: string[], timeoutMs = 5000): number | null {
  return spawnSync("nsenter", [`--net=${ns.path}`, "--", ...argv], { stdio: "ignore", timeout: timeoutMs }).status;
}

/** A TCP listener (busybox nc) inside the netns, killed at cleanup. */
export function startListener(lab: Lab, ns: LabNetns, port: number): number {
  const child = spawn("nsenter", [`--net=${ns.path}`, "--", "busybox", "nc", "-ll", "-p", String(port), "-e", "/bin/true"], { stdio: "ignore" });
  const pid = child.pid;
  if (!pid) throw new Error("listener did not start");
  lab.onCleanup(`listener ${pid}`, () => killAndWait(pid));
  waitFor(() => lab.inNetns(ns, ["ss", "-Htln", `sport = :${port}`]).includes(`:${port}`), `listener on :${port}`);
  return pid;
}

/** A TCP client (busybox nc) inside the netns connecting to ip:port, killed at cleanup; returns once its socket exists. */
export function startConnect(lab: Lab, ns: LabNetns, ip: string, port: number, state = "syn-sent"): number {
  const child = spawn("nsenter", [`--net=${ns.path}`, "--", "busybox", "nc", "-w", "120", ip, String(port)], { stdio: "ignore" });
  const pid = child.pid;
  if (!pid) throw new Error("client did not start");
  lab.onCleanup(`client ${pid}`, () => killAndWait(pid));
  waitFor(() => lab.inNetns(ns, ["ss", "-Htn", "state", state, `dst = ${ip}`]).includes(`:${port}`), `connection to ${ip}:${port} in ${state}`);
  return pid;
}

/**
 * A capture (tcpdump inside `ns` on `iface`, packets matching `filter`) taken while `traffic`
 * runs; returns the pcap file's path. The file is flushed and tcpdump stopped before it returns.
 */
export async function captureWhile(lab: Lab, ns: LabNetns, iface: string, filter: string, traffic: () => void | Promise<void>): Promise<string> {
  const capture = path.join(tempDir(lab, "cap"), `${iface}.pcap`);
  const dump = spawn("nsenter", [`--net=${ns.path}`, "--", "tcpdump", "--immediate-mode", "-i", iface, "-U", "-n", "-w", capture, filter], { stdio: "ignore" });
  lab.onCleanup("tcpdump", () => dump.pid && killAndWait(dump.pid));
  for (let i = 0; i < 100 && !(fs.existsSync(capture) && fs.statSync(capture).size >= 24); i++) await new Promise((r) => setTimeout(r, 50));
  await traffic();
  // libpcap hands packets over in blocks: give the last ones time to reach the file.
  await new Promise((r) => setTimeout(r, 1200));
  dump.kill("SIGINT");
  await new Promise((r) => dump.once("close", r));
  return capture;
}

/** Connection attempts to ip:port from `client`, each after forgetting the neighbour, so ARP picks a copy of a duplicated address anew. */
export function connectAttempts(client: LabNetns, ip: string, port: number, n: number): void {
  for (let i = 0; i < n; i++) {
    tryInNetns(client, ["ip", "neigh", "flush", "dev", "eth0"], 2000);
    tryInNetns(client, ["busybox", "nc", "-w", "1", ip, String(port)], 3000);
  }
}

export interface ScenarioRun {
  bundlePath: string;
  bundle: ExtractedBundle;
  result: AnalysisResult;
  collectorMs: number;
  analyzeMs: number;
}

/** Runs the real collector (short journal window) and analyzeBundle on its bundle. */
export async function collectAndAnalyze(lab: Lab, opts: { extra?: string[] } = {}): Promise<ScenarioRun> {
  const outDir = tempDir(lab, "out");
  const args = ["--since", "5m", "--timeout", "10"];
  for (const e of opts.extra ?? []) args.push("--extra", e);
  const run = await runCollectorAsync(outDir, args);
  if (run.code !== 0) throw new Error(`collector failed (${run.code}): ${run.stderr.slice(-2000)}`);
  const bundle = extractBundle(run.bundlePath);
  lab.onCleanup("extracted bundle", () => bundle.remove());
  const t0 = Date.now();
  const result = await analyzeBundle(run.bundlePath);
  // NBS_DUMP=DIR keeps the bundle and the findings for a look by hand
  const dump = process.env.NBS_DUMP;
  if (dump) {
    fs.mkdirSync(dump, { recursive: true });
    fs.copyFileSync(run.bundlePath, path.join(dump, `${lab.prefix}.tar.gz`));
    fs.writeFileSync(path.join(dump, `${lab.prefix}.json`), JSON.stringify({ findings: result.findings, notEvaluated: result.notEvaluated, errors: result.errors }, null, 1));
  }
  return { bundlePath: run.bundlePath, bundle, result, collectorMs: run.elapsedMs, analyzeMs: Date.now() - t0 };
}

/**
 * Like lab.ts runCollector, but without blocking the event loop: with many namespaces on the
 * machine a run can take a minute, and a blocked vitest worker misses its RPC deadline.
 */
function runCollectorAsync(outDir: string, args: string[]): Promise<{ code: number | null; stderr: string; bundlePath: string; elapsedMs: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("dash", [COLLECTOR, ...args], { cwd: outDir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const lines = stdout.trim().split("\n");
      resolve({ code, stderr, bundlePath: lines[lines.length - 1] ?? "", elapsedMs: Date.now() - t0 });
    });
  });
}

export function netnsOfPid(pid: number): number | undefined {
  try {
    return fs.statSync(`/proc/${pid}/ns/net`).ino;
  } catch {
    return undefined;
  }
}

export function ppidOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

function commOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    const tasks = fs.readdirSync(`/proc/${pid}/task`);
    return tasks.flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function waitFor(ok: () => boolean, what: string, ms = 3000): void {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (ok()) return;
    } catch {
      /* not ready yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    sleepMs(20);
  }
}

export function killAndWait(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      if (/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"))) return;
    } catch {
      return;
    }
    sleepMs(10);
  }
}

/**
 * A scenario file's lab lifecycle: `build` makes the namespaces and runs the collector before
 * the tests; if it fails, everything made so far is removed at once; afterwards the lab is
 * torn down and the test fails if anything could not be removed.
 */
export function withLab(lab: Lab, build: () => Promise<void>, timeoutMs?: number): void {
  if (!vitest) throw new Error("withLab runs under vitest only");
  const { beforeAll, afterAll, expect } = vitest;
  beforeAll(async () => {
    try {
      await build();
    } catch (e) {
      lab.cleanup();
      throw e;
    }
  }, timeoutMs);
  afterAll(() => {
    expect(lab.cleanup()).toEqual([]);
  });
}
