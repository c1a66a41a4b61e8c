// Options and safety nets of netbundle-collect.sh, each checked on a real run (root only):
// timeouts (timeout(1) for host commands, the watchdog in netns workers and without
// timeout(1)), output size caps, redaction and --no-redact, usage errors, shellcheck.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTOR, extractBundle, Lab, runCollector, sh, type ExtractedBundle } from "./test/lab";

const isRoot = process.getuid?.() === 0;

// Test doubles for slow external tools: a PATH entry whose `lsns` hangs, and whose `ss`
// hangs only inside one chosen netns (so other namespaces on the host stay fast).
function slowTools(dir: string): void {
  fs.writeFileSync(path.join(dir, "lsns"), "#!/bin/sh\nexec sleep 30\n", { mode: 0o755 });
  fs.writeFileSync(
    path.join(dir, "ss"),
    '#!/bin/sh\n[ "$(stat -L -c %i /proc/self/ns/net)" = "$NBC_SLOW_NETNS" ] && exec sleep 30\nexec /usr/bin/ss "$@"\n',
    { mode: 0o755 },
  );
}

// A PATH with every tool of /usr/{bin,sbin} and /{bin,sbin} except timeout(1).
function pathWithoutTimeout(dir: string): string {
  for (const d of ["/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]) {
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d)) {
      const link = path.join(dir, f);
      if (f !== "timeout" && !fs.existsSync(link)) fs.symlinkSync(path.join(d, f), link);
    }
  }
  return dir;
}

const SECRETS = {
  token: "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.abcdefgh",
  keyData: "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpzZWNyZXQ=",
  password: "hunter2-nbc",
  bearer: "sk_live_0123456789abcdef",
  urlPass: "s3cr3tpass",
  pemLine: "MIIEowIBAAKCAQEAx0nbcSECRETpemBODYx0nbcSECRETpemBODY",
};

describe.skipIf(!isRoot)("netbundle-collect.sh options on real runs", () => {
  const lab = new Lab(`nbc-o${process.pid}`);
  let work = "";
  let extraDir = "";

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "nbc-opts-"));
    lab.onCleanup("work dir", () => fs.rmSync(work, { recursive: true, force: true }));
    extraDir = path.join(work, "extra");
    fs.mkdirSync(extraDir);
    fs.writeFileSync(
      path.join(extraDir, "kubeconfig"),
      [
        "apiVersion: v1",
        "clusters:",
        "- cluster:",
        "    server: https://198.18.0.10:6443",
        "users:",
        "- name: admin",
        "  user:",
        `    client-key-data: ${SECRETS.keyData}`,
        `    token: ${SECRETS.token}`,
        "",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(extraDir, "app.log"),
      [
        `2026-11-23T12:00:00Z GET / Authorization: Bearer ${SECRETS.bearer} from 198.18.0.7 mac 02:42:c6:12:00:07`,
        `2026-11-23T12:00:01Z db url postgres://app:${SECRETS.urlPass}@198.18.0.8:5432/app`,
        `2026-11-23T12:00:02Z started with --password ${SECRETS.password} --listen 198.18.0.9`,
        "-----BEGIN RSA PRIVATE KEY-----",
        SECRETS.pemLine,
        "-----END RSA PRIVATE KEY-----",
        "",
      ].join("\n"),
    );
  });

  afterAll(() => {
    expect(lab.cleanup()).toEqual([]);
  });

  const run = (name: string, args: string[], env?: NodeJS.ProcessEnv): ExtractedBundle => {
    const r = runCollector({ outDir: work, args: ["--output", path.join(work, `${name}.tar.gz`), ...args], env });
    expect(r.code, r.stderr).toBe(0);
    const b = extractBundle(r.bundlePath);
    lab.onCleanup(`bundle ${name}`, () => b.remove());
    return b;
  };

  it("redacts tokens, key data, passwords, bearer headers, URL passwords and PEM keys, keeping IPs and MACs", () => {
    const b = run("redact", ["--extra", `${extraDir}/*`]);
    const kube = b.read(`logs/files/${extraDir.replaceAll("/", "__")}__kubeconfig`);
    const log = b.read(`logs/files/${extraDir.replaceAll("/", "__")}__app.log`);
    for (const secret of Object.values(SECRETS)) expect(kube + log).not.toContain(secret);
    expect(kube).toContain("server: https://198.18.0.10:6443");
    expect(kube).toMatch(/token: <REDACTED>/);
    expect(log).toContain("198.18.0.7 mac 02:42:c6:12:00:07");
    expect(log).toContain("postgres://app:<REDACTED>@198.18.0.8:5432/app");
    expect(log).toContain("-----BEGIN RSA PRIVATE KEY-----");
    const report = b.read("redaction-report.txt");
    expect(report).toMatch(/__kubeconfig\t2 lines redacted/);
    expect(report).toMatch(/__app\.log\t4 lines redacted/);
    for (const secret of Object.values(SECRETS)) expect(report).not.toContain(secret);
    expect(b.manifest.options).toMatchObject({ redact: true, extra: [`${extraDir}/*`] });
  });

  it("keeps everything with --no-redact and says so; --extra globs keep spaces in names", () => {
    fs.writeFileSync(path.join(extraDir, "with space.log"), "spaced\n");
    const b = run("noredact", ["--no-redact", "--extra", extraDir, "--extra", `${extraDir}/with *.log`]);
    expect(b.read(`logs/files/${extraDir.replaceAll("/", "__")}__with space.log`)).toBe("spaced\n");
    expect(b.read(`logs/files/${extraDir.replaceAll("/", "__")}__kubeconfig`)).toContain(SECRETS.token);
    expect(b.read("redaction-report.txt")).toMatch(/disabled/);
    expect(b.manifest.options.redact).toBe(false);
  });

  it("caps output size and marks truncated commands and copies", () => {
    const big = path.join(extraDir, "big.log");
    fs.writeFileSync(big, `${"old line\n".repeat(20000)}newest line\n`);
    const b = run("cap", ["--max-output", "16384", "--extra", big]);
    const sysctl = b.manifest.commands.find((c) => c.output === "host/sysctl-a.txt");
    expect(sysctl).toMatchObject({ truncated: true, exitCode: 153 });
    expect(fs.statSync(path.join(b.dir, "host/sysctl-a.txt")).size).toBeLessThanOrEqual(16384);
    const copy = b.manifest.commands.find((c) => c.output.endsWith("__big.log"));
    expect(copy).toMatchObject({ truncated: true, exitCode: 0, argv: ["tail", "-c", "16384", big] });
    expect(b.read(copy?.output ?? "")).toMatch(/newest line\n$/);
    // discovery is never capped: ns-links stays complete
    expect(b.manifest.commands.find((c) => c.kind === "ns-links")?.truncated).toBe(false);
  });

  it("times out a hanging host command (timeout(1)) and a hanging netns command (watchdog)", () => {
    const ns = lab.namedNetns("slow");
    const bin = path.join(work, "slowbin");
    fs.mkdirSync(bin);
    slowTools(bin);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NBC_SLOW_NETNS: String(ns.inode) };
    const b = run("timeout", ["--timeout", "2"], env);
    const lsns = b.manifest.commands.find((c) => c.kind === "lsns-json");
    expect(lsns).toMatchObject({ timedOut: true, exitCode: 124 });
    const ss = b.manifest.commands.filter((c) => c.kind === "ss" && c.netns === ns.inode);
    expect(ss.map((c) => [c.timedOut, c.exitCode])).toEqual([[true, 124], [true, 124]]);
    for (const c of ss) expect(c.durationMs).toBeGreaterThanOrEqual(2000);
    const other = b.manifest.commands.find((c) => c.kind === "ss" && c.netns !== ns.inode);
    expect(other?.timedOut).toBe(false);
  });

  it("works without timeout(1): the watchdog stops host commands too", () => {
    const bin = path.join(work, "slowbin2");
    fs.mkdirSync(bin);
    slowTools(bin);
    const farm = pathWithoutTimeout(fs.mkdtempSync(path.join(work, "farm-")));
    const env = { ...process.env, PATH: `${bin}:${farm}`, NBC_SLOW_NETNS: "0" };
    const b = run("notimeout", ["--timeout", "2"], env);
    expect(b.manifest.missingTools).toContain("timeout");
    expect(b.manifest.commands.find((c) => c.kind === "lsns-json")).toMatchObject({ timedOut: true, exitCode: 124 });
    expect(b.manifest.commands.find((c) => c.kind === "uname")).toMatchObject({ timedOut: false, exitCode: 0 });
  });

  it("runs without root: collects its own netns only and says what it could not do", () => {
    const dir = path.join(work, "nobody");
    fs.mkdirSync(dir);
    fs.chownSync(dir, 65534, 65534);
    fs.chmodSync(work, 0o755);
    const out = path.join(dir, "b.tar.gz");
    const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "dash", COLLECTOR, "--output", out], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const b = extractBundle(out);
    lab.onCleanup("bundle nobody", () => b.remove());
    expect(b.manifest).toMatchObject({ uid: 65534, root: false });
    expect(b.manifest.limitations.join("\n")).toMatch(/not root: only the collector's own netns/);
    const collected = b.manifest.namespaces.filter((n) => n.collected);
    expect(collected).toHaveLength(1);
    expect(collected[0]?.inode).toBe(fs.statSync("/proc/self/ns/net").ino);
    expect(collected[0]?.reachedVia[0]).toMatch(/^self:\d+$/);
    expect(b.manifest.commands.some((c) => c.kind === "iptables-save")).toBe(false);
    expect(JSON.parse(b.read(`netns/${collected[0]?.inode}/ip-addr.json`))).toBeInstanceOf(Array);
  });

  it("cleans up on Ctrl-C: exit 130, no staging dir, no partial bundle", async () => {
    const dir = fs.mkdtempSync(path.join(work, "int-"));
    const child = spawn("dash", [COLLECTOR, "--output", path.join(dir, "b.tar.gz")], { cwd: dir, stdio: "ignore" });
    lab.onCleanup("interrupted collector", () => child.kill("SIGKILL"));
    for (let i = 0; i < 200 && !fs.readdirSync(dir).some((f) => f.startsWith(".netbundle-stage")); i++) {
      await new Promise((res) => setTimeout(res, 10));
    }
    expect(fs.readdirSync(dir).some((f) => f.startsWith(".netbundle-stage"))).toBe(true);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((res) => child.on("exit", (c) => res(c)));
    expect(code).toBe(130);
    // background workers finish their current command and stop writing within a moment
    await new Promise((res) => setTimeout(res, 1500));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("captures a pcap per --pcap-iface for --pcap-seconds, readable by tcpdump", () => {
    // bounded loopback traffic (200 datagrams over 10 s) while the collector runs
    const gen = spawn(process.execPath, [
      "-e",
      'const s=require("dgram").createSocket("udp4");let n=0;const t=setInterval(()=>{s.send("nbc",9,"127.0.0.1");if(++n>=200){clearInterval(t);s.close()}},50)',
    ], { stdio: "ignore" });
    lab.onCleanup("traffic", () => gen.kill("SIGKILL"));
    const b = run("pcap", ["--pcap-seconds", "2", "--pcap-iface", "lo"]);
    const rec = b.manifest.commands.find((c) => c.kind === "pcap");
    expect(rec).toMatchObject({ output: "pcap/lo.pcap", exitCode: 0, timedOut: false, argv: expect.arrayContaining(["tcpdump", "lo"]) });
    expect(rec?.durationMs).toBeGreaterThanOrEqual(1900);
    const pkts = sh(["tcpdump", "-r", path.join(b.dir, "pcap/lo.pcap"), "-n", "udp", "port", "9"]).trim().split("\n");
    expect(pkts.length).toBeGreaterThan(5);
    expect(b.manifest.options).toMatchObject({ pcapSeconds: 2, pcapIfaces: ["lo"] });
  });
});

describe("netbundle-collect.sh static checks and usage", () => {
  it("is shellcheck clean in dash mode", () => {
    expect(sh(["sh", "-c", `shellcheck -s dash '${COLLECTOR}' && echo clean`]).trim()).toBe("clean");
  });

  it("prints help and version, and rejects bad options with one line and exit 2", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbc-opt-"));
    try {
      expect(runCollector({ outDir: dir, args: ["--version"] }).stdout).toMatch(/^netbundle-collect \d+\.\d+\.\d+\n$/);
      const help = runCollector({ outDir: dir, args: ["--help"] });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("--pcap-seconds");
      for (const bad of [["--bogus"], ["--timeout", "x"], ["--output"], ["--jobs", "0"], ["--since", "yesterday;rm"]]) {
        const r = runCollector({ outDir: dir, args: bad });
        expect(r.code, bad.join(" ")).toBe(2);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
      }
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
