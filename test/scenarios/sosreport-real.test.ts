// Issue 17: a real sosreport (Debian's sos 4.x) of a node with a leaked named netns carrying
// a pod's IP, IPv4 forwarding off and a FORWARD policy of DROP, in sos's default compression
// (xz) and in gzip. sos runs inside the test's node netns (ip netns exec: its own mount
// namespace too), and that netns also has a /run/netns name, so the report shows it twice:
// as "the host" and as `ip netns exec NODE`. It must be analysed as one netns.
import { describe, expect, it } from "vitest";
import { Lab, sh, type LabNetns } from "@/collector-script/test/lab";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import type { AnalysisResult } from "@/lib/analyze/types";
import type { Evidence, Finding } from "@/lib/rules/finding";
import { attachPod, makeNode, startListener, startPause, sysctlIn, tempDir } from "./lab-extra";
import { findingsOf, summarize } from "./evidence";
import { runSos, withSosLab, SOS_PLUGINS, sosAvailable, type SosRun } from "./sos-lab";

const isRoot = process.getuid?.() === 0;
const OCTET = 200 + (process.pid % 20);
const NET = `198.19.${OCTET}`;
const UP = `198.18.${OCTET}`;
const DUP = `${NET}.9`;
const PORT = 18090;

interface Analysed {
  sos: SosRun;
  result: AnalysisResult;
}

/** Some evidence item of `f` in an artifact matching `artifact` cites a line containing `needle`. */
function cites(run: SosRun, f: Finding, artifact: RegExp, needle: string): Evidence {
  for (const ev of f.evidence) {
    if (!artifact.test(ev.artifact)) continue;
    const lines = run.read(ev.artifact).split("\n").slice(ev.lineStart - 1, ev.lineEnd);
    if (lines.join("\n").includes(needle)) return ev;
  }
  throw new Error(`${f.id}: no evidence in ${artifact} citing ${needle}: ${JSON.stringify(f.evidence)}`);
}

describe.skipIf(!isRoot || !sosAvailable())("a real sosreport of a node with a leaked named netns", () => {
  const lab = new Lab(`nbs-sos-${process.pid}`);
  let node: LabNetns;
  let live: LabNetns;
  let leak: LabNetns;
  let pausePids: number[] = [];
  let listenerPid = 0;
  const runs = new Map<string, Analysed>();

  withSosLab(lab, async () => {
    const dir = tempDir(lab, "bin");
    const n = makeNode(lab, "node", `${NET}.1/24`, { uplink: `${UP}.2/24` });
    node = n.ns;
    sysctlIn(lab, node, "net.ipv4.ip_forward", 0);
    lab.inNetns(node, ["iptables", "-P", "FORWARD", "DROP"]);
    // a REJECT on a port the node listens on: sos keeps no ss here (its kernel-module check), netstat it does
    lab.inNetns(node, ["iptables", "-A", "INPUT", "-p", "tcp", "--dport", String(PORT), "-j", "REJECT", "--reject-with", "tcp-reset"]);
    listenerPid = startListener(lab, node, PORT);
    pausePids.push(startPause(lab, node, dir, "dockerd"));
    live = lab.namedNetns("live");
    attachPod(lab, n, live, DUP);
    pausePids.push(startPause(lab, live, dir));
    // the leaked copy: only its /run/netns name holds it
    leak = lab.namedNetns("leak");
    attachPod(lab, n, leak, DUP);
    // the gzip one with the filesys plugin too: every process's mountinfo, so names get their
    // real inodes from their nsfs mounts (the report's own netns among them)
    for (const compression of ["xz", "gzip"] as const) {
      const sos = await runSos(lab, node, compression, { tz: "UTC", ...(compression === "gzip" ? { plugins: [...SOS_PLUGINS, "filesys"] } : {}) });
      runs.set(compression, { sos, result: await analyzeBundle(sos.archive) });
    }
    // without the date plugin, on a node in CET: only the archive's member times give the offset
    const bare = await runSos(lab, node, "xz", { plugins: SOS_PLUGINS.filter((p) => p !== "date"), tz: "Europe/Berlin" });
    runs.set("xz, no date plugin", { sos: bare, result: await analyzeBundle(bare.archive) });
  });

  const mine = () => [node, live, leak];
  const nsOf = (r: AnalysisResult, ns: LabNetns) => r.model.namespaces.filter((x) => x.type === "net" && x.holders.some((h) => h.kind === "name" && h.path === ns.path));

  it("dates a report without the date plugin by the archive's member times", () => {
    const { sos, result } = runs.get("xz, no date plugin")!;
    expect(sos.read("sos_reports/manifest.json")).not.toContain('"date"');
    const manifest = JSON.parse(sos.read("sos_reports/manifest.json")) as { start_time: string };
    // sos wrote Berlin wall-clock time (CET or CEST): the UTC instant whose Berlin clock reads so
    const local = Date.parse(`${manifest.start_time.replace(" ", "T").slice(0, 23)}Z`);
    const wall = (ms: number) => new Date(ms).toLocaleString("sv-SE", { timeZone: "Europe/Berlin" }).replace(" ", "T");
    const start = [3600_000, 7200_000].map((h) => local - h).find((ms) => wall(ms) === new Date(local).toISOString().slice(0, 19))!;
    expect(start).toBeDefined();
    expect(result.model.bundle.collectedAt).not.toBeNull();
    expect(Math.abs(Date.parse(result.model.bundle.collectedAt!) - start)).toBeLessThan(1000);
  });

  describe.each(["xz", "gzip"])("in %s", (compression) => {
    const get = () => runs.get(compression)!;

    it("is a sosreport archive of that compression", () => {
      expect(get().sos.archive).toMatch(compression === "xz" ? /\.tar\.xz$/ : /\.tar\.gz$/);
    });

    it("is dated by sos's own manifest", () => {
      const { sos, result } = get();
      const manifest = JSON.parse(sos.read("sos_reports/manifest.json")) as { start_time: string };
      // sos writes node-local time without a zone (run with TZ=UTC here); the date plugin's `date --utc` gives the offset
      const start = Date.parse(`${manifest.start_time.replace(" ", "T").slice(0, 23)}Z`);
      expect(result.model.bundle.collectedAt).not.toBeNull();
      expect(Math.abs(Date.parse(result.model.bundle.collectedAt!) - start)).toBeLessThan(1000);
    });

    it("has the node's processes, the test's pause processes among them", () => {
      const { result } = get();
      expect(result.model.processes.length).toBeGreaterThan(10);
      for (const pid of pausePids) expect(result.model.processes.map((p) => p.pid)).toContain(pid);
    });

    it("sees every named netns of the test exactly once, the one sos ran in as the host", () => {
      const { result } = get();
      // with mountinfo (gzip run: filesys plugin) each name has its real inode
      if (compression === "gzip") for (const ns of mine()) expect(nsOf(result, ns)[0]?.inode, ns.path).toBe(ns.inode);
      for (const ns of mine()) expect(nsOf(result, ns), ns.path).toHaveLength(1);
      const hosts = result.model.namespaces.filter((x) => x.type === "net" && x.isHost);
      expect(hosts).toHaveLength(1);
      expect(nsOf(result, node)[0]?.inode).toBe(hosts[0]?.inode);
      expect(result.model.netns.filter((v) => v.inode === hosts[0]?.inode)).toHaveLength(1);
    });

    it("finds the duplicate IP in the leaked netns critical, with its /run/netns path", () => {
      const { sos, result } = get();
      const dups = result.findings.filter((f) => f.ruleId === "duplicate-ip" && f.entities.ips?.includes(DUP));
      expect(dups, summarize(result.findings)).toHaveLength(1);
      const f = dups[0]!;
      expect(f.severity).toBe("critical");
      const [liveIno, leakIno] = [nsOf(result, live)[0]!.inode, nsOf(result, leak)[0]!.inode];
      expect([...(f.entities.netns ?? [])].sort()).toEqual([liveIno, leakIno].sort());
      expect(f.entities.paths).toEqual(expect.arrayContaining([leak.path, live.path]));
      cites(sos, f, new RegExp(`ip_netns_exec_${leak.name}_ip_address_show$`), DUP);
    });

    it("invents no duplicate: the node's own addresses are in one netns", () => {
      const { result } = get();
      const own = [`${NET}.1`, `${UP}.2`];
      expect(result.findings.filter((f) => f.ruleId === "duplicate-ip" && own.some((ip) => f.entities.ips?.includes(ip)))).toEqual([]);
    });

    it("reports forwarding off in the node with the sysctl's value, cited from sysctl -a", () => {
      const { sos, result } = get();
      const host = nsOf(result, node)[0]!.inode;
      const f = findingsOf(result.findings, "ip-forward-disabled", [host]);
      expect(f, summarize(result.findings)).toHaveLength(1);
      expect(f[0]!.entities.sysctls).toEqual(["net.ipv4.ip_forward=0"]);
      expect(f[0]!.entities.interfaces).toEqual(["cni0"]);
      cites(sos, f[0]!, /^sos_commands\/kernel\/sysctl_-a$/, "net.ipv4.ip_forward = 0");
    });

    it("reports the FORWARD policy DROP of the node's ruleset (from its ip netns exec iptables-save)", () => {
      const { sos, result } = get();
      const host = nsOf(result, node)[0]!.inode;
      const f = findingsOf(result.findings, "forward-policy-drop", [host]);
      expect(f, summarize(result.findings)).toHaveLength(1);
      expect(f[0]!.entities.chains).toEqual(["FORWARD"]);
      expect(f[0]!.entities.interfaces).toEqual(["cni0"]);
      cites(sos, f[0]!, new RegExp(`ip_netns_exec_${node.name}_iptables-save$`), ":FORWARD DROP [");
    });

    it("finds the REJECT on the port the node listens on, the listener from sos's netstat", () => {
      const { sos, result } = get();
      const host = nsOf(result, node)[0]!.inode;
      const f = findingsOf(result.findings, "reject-listening-port", [host]).filter((x) => x.entities.ports?.includes(PORT));
      expect(f, summarize(result.findings)).toHaveLength(1);
      expect(f[0]!.entities.pids).toEqual([listenerPid]);
      expect(f[0]!.entities.chains).toEqual(["INPUT"]);
      cites(sos, f[0]!, new RegExp(`ip_netns_exec_${node.name}_iptables-save$`), `--dport ${PORT}`);
      cites(sos, f[0]!, /^sos_commands\/networking\/netstat_-W_-neopa$/, `:${PORT}`);
    });

    it("says what sos did not collect, and what only netbundle-collect can", () => {
      const { sos, result } = get();
      expect(result.model.bundle.collector).toEqual({ name: "sos report", version: expect.stringMatching(/^4\./) });
      // ss runs only when sos finds its diag modules loaded; otherwise its log says it skipped it
      const ssRan = result.model.artifacts.some((a) => a.path === "sos_commands/networking/ss_-peaonmi");
      const skipped = result.model.collection.failedCommands.filter((c) => c.argv.join(" ") === "ss -peaonmi");
      if (ssRan) expect(skipped).toEqual([]);
      else expect(skipped[0]?.stderr).toMatch(/^not run by sos \(networking plugin\): required kmods missing: /);
      expect(sos.read("sos_logs/sos.log").includes("skipped command 'ss -peaonmi'")).toBe(!ssRan);
      const nwp = result.notEvaluated.find((n) => n.ruleId === "netns-without-process");
      expect(nwp?.reason).toContain("a sosreport cannot show this");
      expect(nwp?.reason).toContain("run netbundle-collect on the node");
      expect(result.notEvaluated.find((n) => n.ruleId === "capture-refused-connections")?.reason).toContain("run netbundle-collect");
      // a kind sos does collect gets no such hint
      expect(result.notEvaluated.filter((n) => n.ruleId === "kubelet-orphaned-pod").every((n) => !n.reason.includes("netbundle-collect"))).toBe(true);
    });

    it("resolves sos's convenience links inside the archive, in one line", () => {
      const { sos, result } = get();
      const links = sh(["tar", "-tvf", sos.archive]).split("\n").filter((l) => l.startsWith("l")).length;
      expect(links).toBeGreaterThan(5);
      expect(result.errors.filter((e) => /link/.test(e))).toEqual([`${links} in-bundle links resolved, 0 skipped`]);
    });
  });
});
