/**
 * Network-namespace lab for tests: builds real namespaces, interfaces, holder processes,
 * runs the collector and unpacks its bundle. Needs root. Everything it creates is named
 * with the lab's prefix and torn down by `cleanup()` (call it from afterAll, it never
 * throws), so a failing test still leaves the host as it found it.
 *
 * It never touches the root namespace's interfaces, routes, iptables or sysctls: all
 * configuration goes through `ip -n` / `nsenter --net=` into namespaces the lab made.
 * Use only addresses in 198.18.0.0/15.
 *
 *   const lab = new Lab("nbc-demo");
 *   const a = lab.namedNetns("a");                 // /run/netns/nbc-demo-a
 *   lab.addVeth(a, "198.18.0.1/24");               // veth pair inside a, first end addressed
 *   const hidden = lab.hideInPrivateMount(a);       // now held only by a private nsfs mount
 *   const run = runCollector({ outDir });           // real run of netbundle-collect.sh
 *   const bundle = extractBundle(run.bundlePath);   // { dir, manifest }
 *   lab.cleanup();
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const COLLECTOR = fileURLToPath(new URL("../netbundle-collect.sh", import.meta.url));

/** A network namespace the lab made; `path` works with `nsenter --net=PATH`. */
export interface LabNetns {
  label: string;
  path: string;
  inode: number;
  /** how the netns is held now */
  holder: "name" | "private-mount" | "process" | "fd";
  name?: string;
  /** holder process (private-mount holder or the orphan process) */
  pid?: number;
  /** mount point inside the holder's private mount namespace */
  mountPoint?: string;
}

/** Runs a command and returns stdout; throws with stderr on failure. */
export function sh(argv: string[], input?: string): string {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error("empty argv");
  return execFileSync(cmd, args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
}

/** Inode of a namespace file (/proc/PID/ns/net, /run/netns/NAME, nsfs bind mount). */
export function nsInode(file: string): number {
  return fs.statSync(file).ino;
}

/** Parent PID from /proc/PID/stat (field 4; comm may hold spaces, so split after ')'). */
export function parentPid(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(after[1]);
}

export class Lab {
  readonly prefix: string;
  private undo: Array<{ what: string; run: () => void }> = [];
  private seq = 0;

  constructor(prefix: string) {
    if (!/^nb[a-z]-[a-z0-9-]+$/.test(prefix)) throw new Error(`lab prefix must look like nbc-xyz: ${prefix}`);
    this.prefix = prefix;
  }

  /** `ip netns add PREFIX-SUFFIX` (held by its /run/netns name). */
  namedNetns(suffix: string): LabNetns {
    const name = `${this.prefix}-${suffix}`;
    sh(["ip", "netns", "add", name]);
    this.onCleanup(`netns ${name}`, () => sh(["ip", "netns", "del", name]));
    const p = `/run/netns/${name}`;
    sh(["ip", "-n", name, "link", "set", "lo", "up"]);
    return { label: suffix, path: p, inode: nsInode(p), holder: "name", name };
  }

  /** Runs argv inside the netns (through nsenter, so it works for every holder kind). */
  inNetns(ns: LabNetns, argv: string[]): string {
    return sh(["nsenter", `--net=${ns.path}`, "--", ...argv]);
  }

  /** Adds a veth pair inside the netns (both ends there), addresses the first end, sets both up. */
  addVeth(ns: LabNetns, cidr: string): string {
    const n = this.seq++;
    const a = `nbv${n}a`;
    const b = `nbv${n}b`;
    this.inNetns(ns, ["ip", "link", "add", a, "type", "veth", "peer", "name", b]);
    this.inNetns(ns, ["ip", "addr", "add", cidr, "dev", a]);
    this.inNetns(ns, ["ip", "link", "set", a, "up"]);
    this.inNetns(ns, ["ip", "link", "set", b, "up"]);
    return a;
  }

  /** Adds an address to an existing interface inside the netns. */
  addAddress(ns: LabNetns, dev: string, cidr: string): void {
    this.inNetns(ns, ["ip", "addr", "add", cidr, "dev", dev]);
  }

  /**
   * Starts a long-running process inside the netns (default `sleep 3600`), killed on
   * cleanup. Its parent stays this test process, unlike orphanProcessHolder.
   */
  spawnInNetns(ns: LabNetns, argv: string[] = ["sleep", "3600"]): number {
    const child = spawn("nsenter", [`--net=${ns.path}`, "--", ...argv], { stdio: "ignore", detached: true });
    const pid = child.pid;
    if (!pid) throw new Error("nsenter did not start");
    child.unref();
    this.onCleanup(`process ${pid}`, () => killAndWait(pid));
    const p = `/proc/${pid}/ns/net`;
    for (let i = 0; i < 100 && safeInode(p) !== ns.inode; i++) sleepMs(20);
    if (safeInode(p) !== ns.inode) throw new Error(`process ${pid} never entered ${ns.path}`);
    return pid;
  }

  /**
   * The netns ends up held only by an open file descriptor (fd 3, opened through its
   * /run/netns name) of a long-running process; the name is removed. Its fd link then
   * reads "/", as the bind mount it was opened through is gone.
   */
  fdHolder(ns: LabNetns): LabNetns {
    if (!ns.name) throw new Error("fdHolder needs a named netns");
    const child = spawn("sh", ["-c", `exec 3<'${ns.path}'; exec sleep 3600`], { stdio: "ignore", detached: true });
    const pid = child.pid;
    if (!pid) throw new Error("sh did not start");
    child.unref();
    this.onCleanup(`fd holder ${pid}`, () => killAndWait(pid));
    const p = `/proc/${pid}/fd/3`;
    for (let i = 0; i < 100 && safeInode(p) !== ns.inode; i++) sleepMs(20);
    if (safeInode(p) !== ns.inode) throw new Error(`fd holder ${pid} never opened ${ns.path}`);
    sh(["ip", "netns", "del", ns.name]);
    return { label: ns.label, path: p, inode: ns.inode, holder: "fd", pid };
  }

  /**
   * Scenario 2: the netns ends up held only by an nsfs bind mount inside the private mount
   * namespace of a long-running process (`unshare -m`); its /run/netns name is removed.
   */
  hideInPrivateMount(ns: LabNetns): LabNetns {
    if (!ns.name) throw new Error("hideInPrivateMount needs a named netns");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${this.prefix}-mnt-`));
    const mp = path.join(dir, "ns");
    fs.writeFileSync(mp, "");
    this.onCleanup(`dir ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
    // In the private copy: bind the netns, then lazily drop the whole copied /run/netns, so the
    // holder pins only this netns and not every named netns that existed when it started
    // (other test files' namespaces would otherwise outlive their `ip netns del`); say so, wait.
    // (Removing the name before the holder's umount ran would race with it.)
    const ready = path.join(dir, "ready");
    const script = `mount --bind '${ns.path}' '${mp}' && (umount -l /run/netns || umount '${ns.path}') && : > '${ready}' && exec sleep 3600`;
    const child = spawn("unshare", ["-m", "--propagation", "private", "sh", "-c", script], {
      stdio: "ignore",
      detached: true,
    });
    const pid = child.pid;
    if (!pid) throw new Error("unshare did not start");
    child.unref();
    this.onCleanup(`holder ${pid}`, () => killAndWait(pid));
    waitForLine(pid, `/proc/${pid}/root${mp}`, ns.inode);
    for (let i = 0; i < 150 && !fs.existsSync(ready); i++) sleepMs(20);
    if (!fs.existsSync(ready)) throw new Error(`holder ${pid} did not get ready`);
    const name = ns.name;
    sh(["ip", "netns", "del", name]);
    const p = `/proc/${pid}/root${mp}`;
    return { label: ns.label, path: p, inode: nsInode(p), holder: "private-mount", pid, mountPoint: mp };
  }

  /**
   * Scenario 1: a process double-forks into the netns and is reparented (to PID 1 or the
   * nearest subreaper, whatever the kernel picks), then the name is removed.
   */
  orphanProcessHolder(ns: LabNetns): LabNetns {
    if (!ns.name) throw new Error("orphanProcessHolder needs a named netns");
    const out = sh([
      "setsid", "sh", "-c",
      `nsenter --net='${ns.path}' -- sleep 3600 </dev/null >/dev/null 2>&1 & echo $!`,
    ]);
    const pid = Number(out.trim());
    this.onCleanup(`orphan ${pid}`, () => killAndWait(pid));
    const p = `/proc/${pid}/ns/net`;
    for (let i = 0; i < 100 && safeInode(p) !== ns.inode; i++) sleepMs(20);
    if (safeInode(p) !== ns.inode) throw new Error(`orphan ${pid} never entered ${ns.path}`);
    sh(["ip", "netns", "del", ns.name]);
    return { label: ns.label, path: p, inode: ns.inode, holder: "process", pid };
  }

  /** Registers an undo step; cleanup runs them newest first. */
  onCleanup(what: string, run: () => void): void {
    this.undo.push({ what, run });
  }

  /** Undoes everything; never throws, returns what failed (for diagnostics). */
  cleanup(): string[] {
    const failed: string[] = [];
    while (this.undo.length) {
      const step = this.undo.pop();
      if (!step) break;
      try {
        step.run();
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (!/No such file|No such process|ESRCH|ENOENT|Invalid argument/.test(msg)) failed.push(`${step.what}: ${msg}`);
      }
    }
    return failed;
  }
}

export interface CollectorRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** last stdout line: the bundle path */
  bundlePath: string;
  elapsedMs: number;
}

/** Runs the collector for real with the given shell in outDir. */
export function runCollector(opts: {
  outDir: string;
  shell?: "dash" | "busybox" | "bash";
  args?: string[];
  env?: NodeJS.ProcessEnv;
}): CollectorRun {
  const shell = opts.shell ?? "dash";
  const argv = shell === "busybox" ? ["busybox", "sh", COLLECTOR] : [shell, COLLECTOR];
  const [cmd, ...rest] = argv;
  const t0 = Date.now();
  const r = spawnSync(cmd as string, [...rest, ...(opts.args ?? [])], {
    cwd: opts.outDir,
    encoding: "utf8",
    env: opts.env ?? process.env,
    maxBuffer: 64 << 20,
  });
  const lines = (r.stdout ?? "").trim().split("\n");
  return {
    code: r.status,
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
    bundlePath: lines[lines.length - 1] ?? "",
    elapsedMs: Date.now() - t0,
  };
}

/** Manifest shape as written by the collector (format v1, see README.md). */
export interface BundleManifest {
  format: string;
  formatVersion: number;
  host: string;
  uid: number;
  root: boolean;
  options: Record<string, unknown>;
  missingTools: string[];
  limitations: string[];
  namespaces: Array<{
    type: "net";
    inode: number;
    isHost: boolean;
    collected: boolean;
    dir: string | null;
    reachedVia: string[];
    holders: {
      pids: number[];
      mounts: Array<{ mountPoint: string; fstype: string; mntns: number; pid: number; comm: string }>;
      names: Array<{ name: string; path: string }>;
      fds: Array<{ pid: number; fd: number }>;
    };
  }>;
  commands: Array<{
    argv: string[];
    kind: string;
    output: string;
    backend?: "legacy" | "nf_tables" | "unknown";
    netns: number | null;
    reachedVia: string | null;
    exitCode: number;
    durationMs: number;
    timedOut: boolean;
    truncated: boolean;
    notFound: boolean;
    stderr: string;
  }>;
}

export interface ExtractedBundle {
  /** the single top folder, absolute */
  dir: string;
  /** tar member names in archive order */
  members: string[];
  manifest: BundleManifest;
  read(rel: string): string;
  remove(): void;
}

/** Unpacks a bundle into a temp dir and parses manifest.json. */
export function extractBundle(tarPath: string): ExtractedBundle {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "nbc-untar-"));
  sh(["tar", "-xzf", tarPath, "-C", root]);
  const members = sh(["tar", "-tzf", tarPath]).split("\n").filter(Boolean);
  const tops = fs.readdirSync(root);
  if (tops.length !== 1 || !tops[0]) throw new Error(`expected one top folder, got ${tops.join(",")}`);
  const dir = path.join(root, tops[0]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as BundleManifest;
  return {
    dir,
    members,
    manifest,
    read: (rel) => fs.readFileSync(path.join(dir, rel), "utf8"),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

function safeInode(p: string): number | undefined {
  try {
    return nsInode(p);
  } catch {
    return undefined;
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function waitForLine(pid: number, file: string, inode: number): void {
  for (let i = 0; i < 150; i++) {
    if (safeInode(file) === inode) return;
    if (!fs.existsSync(`/proc/${pid}`)) break;
    sleepMs(20);
  }
  throw new Error(`holder ${pid} did not bind the netns at ${file}`);
}

function killAndWait(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  for (let i = 0; i < 100 && isAlive(pid); i++) sleepMs(10);
}

function isAlive(pid: number): boolean {
  try {
    // a zombie still answers kill(0); check its state
    const st = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/\) Z /.test(st);
  } catch {
    return false;
  }
}
