/**
 * The declared log signals on real-world message shapes (the lines named in
 * SCENARIOS.md, as kubelet/CNI/kube-proxy/systemd print them), and on lines that must not fire.
 */
import { describe, expect, it } from "vitest";
import { loadRuleSet } from "@/lib/rules";
import { compileSignals, matchSignals } from "@/lib/stream/signal-matcher";

const rs = compileSignals(loadRuleSet().signals);
const ids = (text: string) => matchSignals(rs, text).map((m) => m.id);

describe("log signals", () => {
  it("finds the CNI DEL Statfs failure with the PID, escaped as klog prints it or not", () => {
    const plain = matchSignals(rs, 'plugin failed: failed to Statfs "/proc/31892/ns/net": no such file or directory');
    expect(plain.find((m) => m.id === "cni-statfs-failure")?.groups.pid).toBe("31892");
    const klog = 'E1123 10:00:00.000000 1234 cni.go:385] Error deleting network: failed to Statfs \\"/proc/4711/ns/net\\": no such file or directory';
    expect(matchSignals(rs, klog).find((m) => m.id === "cni-statfs-failure")?.groups.pid).toBe("4711");
  });

  it("finds kubelet orphaned-pod cleanup and kube-proxy restore failures", () => {
    expect(ids('Orphaned pod "4d6c9b0e-1111-2222-3333-444455556666" found, but volume paths are still present on disk')).toContain("kubelet-orphaned-pod");
    expect(ids('Killing unwanted pod "web-7d9f"')).toContain("kubelet-killing-unwanted");
    const restore = matchSignals(rs, "Failed to execute iptables-restore: exit status 2 (iptables-restore: line 12 failed\nCouldn't load target `KUBE-MARK-DROP':No such file or directory)");
    expect(restore.map((m) => m.id)).toEqual(expect.arrayContaining(["iptables-restore-failed", "iptables-missing-target"]));
    expect(restore.find((m) => m.id === "iptables-missing-target")?.groups.chain).toBe("KUBE-MARK-DROP");
  });

  it("finds runtime kills and the stop/start sequence, but not an ordinary start", () => {
    expect(ids("docker.service: Main process exited, code=killed, status=9/KILL")).toContain("runtime-killed");
    expect(ids("containerd.service: State 'stop-sigterm' timed out. Killing.")).toContain("runtime-killed");
    expect(ids("Stopping Docker Application Container Engine...")).toEqual(["runtime-stopping"]);
    expect(ids("Stopped Docker Application Container Engine.")).toEqual(["runtime-stopped"]);
    expect(ids("Started Docker Application Container Engine.")).toEqual(["runtime-started"]);
    expect(ids('I1123 10:00:00.000000 1234 kubelet.go:2100] "SyncLoop (PLEG): event for pod" pod="default/web"')).toEqual([]);
  });

  it("keyword prefilter loses no match: each sample fires the same signals as the bare regexes", () => {
    const samples = ["docker.service: Failed with result 'signal'.", "dockerd[12]: panic: runtime error", "StopPodSandbox for \"abc\" failed: error"];
    for (const text of samples) {
      const direct = rs.signals.filter((s) => s.re.test(text)).map((s) => s.id);
      expect(direct.length).toBeGreaterThan(0);
      expect(ids(text)).toEqual(direct);
    }
  });
});
