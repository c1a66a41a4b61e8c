// Key facts for the container-runtime listings: docker ps, docker inspect pids, crictl ps/pods.
import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser as crictlPods } from "./crictl-pods";
import { parser as crictlPs } from "./crictl-ps";
import { parser as dockerPids } from "./docker-inspect-pids";
import { parser as dockerPs, stateFromStatus } from "./docker-ps";

runGoldenTests(dockerPs, "docker-ps");
runGoldenTests(dockerPids, "docker-inspect-pids");
runGoldenTests(crictlPs, "crictl-ps");
runGoldenTests(crictlPods, "crictl-pods");

describe("docker ps", () => {
  it("reads the classic table with empty PORTS cells and exit codes", () => {
    const r = parseFixture(dockerPs, "docker-ps--dockercli-docs-exited-0");
    expect(r.records.map((x) => [x.id, x.names, x.state, x.exitCode, x.ports, x.command])).toEqual([
      ["ea09c3c82f6e", ["desperate_leakey"], "exited", 0, "127.0.0.1:5000->5000/tcp", "/srv/run.sh"],
      ["106ea823fe4e", ["determined_albattani"], "exited", 0, undefined, "/bin/sh -c 'bash -l'"],
      ["48ee228c9464", ["tender_torvalds"], "exited", 0, undefined, "bash"],
    ]);
    const linked = parseFixture(dockerPs, "docker-ps--dockercli-docs-linked").records[1];
    expect(linked).toMatchObject({ names: ["redis", "webapp/db"], status: "Up 33 minutes", state: "running", created: "33 minutes ago" });
    expect(parseFixture(dockerPs, "docker-ps--edge-crlf-table").records[0]).toMatchObject({ state: "paused", names: ["nostalgic_shockley"] });
  });

  it("reads the collector's tab form and keeps errors and cut lines out of the records", () => {
    const r = parseFixture(dockerPs, "docker-ps--edge-collector-tab-format");
    expect(r.records.map((x) => [x.names[0], x.state, x.exitCode, x.health])).toEqual([
      ["k8s_POD_coredns-5d78c9869d-4mq9n_kube-system_0b1c2d3e-0000-4000-8000-000000000001_3", "running", undefined, undefined],
      ["k8s_coredns_coredns-5d78c9869d-4mq9n_kube-system_0b1c2d3e-0000-4000-8000-000000000001_3", "restarting", 1, undefined],
      ["web", "running", undefined, "unhealthy"],
      ["builder", "exited", 137, undefined],
      ["fresh", "created", undefined, undefined],
    ]);
    expect(r.warnings.map((w) => w.line)).toContain(6);
    expect(r.unparsed.map((u) => u.line)).toEqual([7]);
    expect(parseFixture(dockerPs, "docker-ps--edge-daemon-down").notData?.reason).toBe("error-text");
    expect(stateFromStatus("Removal In Progress").state).toBe("removing");
  });
});

describe("docker inspect pids", () => {
  it("reads ID<TAB>PID and rejects empty or cut lines", () => {
    const r = parseFixture(dockerPids, "docker-inspect-pids--edge-collector-format");
    expect(r.records.map((x) => x.pid)).toEqual([4321, 0, 98]);
    expect(r.warnings.map((w) => w.line)).toEqual([3, 4, 5]);
    expect(r.unparsed.map((u) => u.line)).toEqual([4]);
  });
});

describe("crictl", () => {
  it("reads old and new crictl ps headers", () => {
    expect(parseFixture(crictlPs, "crictl-ps--cri-tools-docs-created").records).toEqual([
      { id: "3e025dd50a72d", image: "busybox", created: "32 seconds ago", state: "Created", name: "busybox", attempt: 0, line: 2 },
    ]);
    expect(parseFixture(crictlPs, "crictl-ps--cri-tools-docs-pod-id").records[0]).toMatchObject({ id: "b25b4f26e3429", podId: "158d7a6665ff3" });
    const k8s = parseFixture(crictlPs, "crictl-ps--edge-k8s-node-new-columns").records;
    expect(k8s.map((x) => [x.name, x.state, x.attempt, x.pod])).toEqual([
      ["kube-proxy", "Running", 0, "kube-proxy-x7k2p"],
      ["coredns", "Running", 3, "coredns-5d78c9869d-4mq9n"],
      ["coredns", "Exited", 2, "coredns-5d78c9869d-4mq9n"],
    ]);
    expect(parseFixture(crictlPs, "crictl-ps--edge-runtime-down").notData?.reason).toBe("error-text");
  });

  it("reads crictl pods including NotReady sandboxes and a truncated last row", () => {
    const pods = parseFixture(crictlPods, "crictl-pods--edge-k8s-node-runtime").records;
    expect(pods.filter((p) => p.state === "NotReady").map((p) => p.name)).toEqual(["coredns-5d78c9869d-old01"]);
    expect(pods[0]).toMatchObject({ namespace: "kube-system", runtime: "(default)", attempt: 0 });
    const cut = parseFixture(crictlPods, "crictl-pods--edge-crlf-truncated");
    expect(cut.records.map((p) => p.podId)).toEqual(["f84dd361f8dc5"]);
    expect(cut.unparsed.map((u) => u.line)).toEqual([3]);
    expect(parseFixture(crictlPods, "crictl-pods--edge-command-not-found").notData?.reason).toBe("command-not-found");
  });
});
