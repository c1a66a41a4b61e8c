// runtime-mount-propagation (scenario 2's cause) on a real `systemctl cat docker` layout with
// a MountFlags=slave drop-in, and bridge-nf-call-iptables-off on real `sysctl -a` outputs.
import { describe, expect, it } from "vitest";
import { runRules } from "@/lib/rules";
import { fixtureLines, modelFromFixtures, type FixtureArtifact } from "@/test/support/model-from-fixtures";

const of = (arts: FixtureArtifact[], ruleId: string) => runRules(modelFromFixtures(arts)).findings.filter((f) => f.ruleId === ruleId);
const unit = (fixture: FixtureArtifact["fixture"]): FixtureArtifact => ({ fixture, kind: "systemd-unit", path: "host/units/docker/systemctl-cat.txt" });
const NS = 4026532004;
const sysctl = (fixture: FixtureArtifact["fixture"]): FixtureArtifact => ({ fixture, kind: "sysctl", path: `netns/${NS}/sysctl-net.txt`, netns: NS });

describe("runtime-mount-propagation", () => {
  it("reports docker with MountFlags=slave from its drop-in, citing that line", () => {
    const [f, ...rest] = of([unit("parsers:systemd-unit--systemctl-cat-docker-mountflags-slave.txt")], "runtime-mount-propagation");
    expect(rest).toEqual([]);
    expect(f?.severity).toBe("high");
    expect(f?.title).toBe("docker runs with MountFlags=slave");
    // the drop-in on the node that sets it; no process list here, so no daemon PID or mount namespace
    expect(f?.entities).toEqual({ paths: ["/etc/systemd/system/docker.service.d/override.conf"] });
    const ev = f?.evidence[0];
    expect(ev?.artifact).toBe("host/units/docker/systemctl-cat.txt");
    expect(fixtureLines("parsers:systemd-unit--systemctl-cat-docker-mountflags-slave.txt", ev?.lineStart ?? 0, ev?.lineEnd)).toBe("MountFlags=slave");
  });

  it("says nothing for moby's stock docker.service", () => {
    expect(of([unit("parsers:systemd-unit--moby-docker-service.txt")], "runtime-mount-propagation")).toEqual([]);
  });
});

describe("bridge-nf-call-iptables-off", () => {
  it("reports CentOS 7's bridge-nf-call-iptables = 0 with its line", () => {
    const [f, ...rest] = of([sysctl("parsers:sysctl--centos7.txt")], "bridge-nf-call-iptables-off");
    expect(rest).toEqual([]);
    expect(f?.severity).toBe("medium");
    expect(f?.entities).toEqual({ netns: [NS], sysctls: ["net.bridge.bridge-nf-call-iptables=0"] });
    expect(fixtureLines("parsers:sysctl--centos7.txt", f?.evidence[0]?.lineStart ?? 0)).toBe("net.bridge.bridge-nf-call-iptables = 0");
  });

  it("says nothing on the Kubernetes node where it is 1", () => {
    expect(of([sysctl("parsers:sysctl--ubuntu20-k8s-node.txt")], "bridge-nf-call-iptables-off")).toEqual([]);
  });
});
