// cni-del-failure's joins to what the failed DEL left behind, on kubelet's real error wording
// (lib/rules/fixtures/PROVENANCE.md) and namespaces set up in the model: the pod is named from
// the line; without a path or ADD-result join, a process-less netns that still carries an
// address is a candidate only if its /run/netns name is not younger than the failure.
// The live joins (by path, by the ADD's address) are in test/scenarios/run-netns-bind-leak and variants.
import { describe, expect, it } from "vitest";
import { runRules } from "@/lib/rules";
import type { NodeModel } from "@/lib/model/types";
import { modelFromFixtures, type FixtureArtifact } from "@/test/support/model-from-fixtures";

const OLD = 4026532201;
const YOUNG = 4026532202;
const KUBELET: FixtureArtifact = { fixture: "rules:kubelet--cni-del-statfs.log", kind: "log", path: "logs/files/__var__log__kubelet.log" };
const addr = (netns: number, fixture: string): FixtureArtifact => ({ fixture: `parsers:${fixture}`, kind: "ip-addr", path: `netns/${netns}/ip-addr.txt`, netns });

function model(): NodeModel {
  const m = modelFromFixtures([KUBELET, addr(OLD, "ip-addr--nbp-gen.txt"), addr(YOUNG, "ip-addr--hotsos-k8s-flannel.txt")]);
  const named = (inode: number, name: string, mtime: string) => ({ inode, type: "net" as const, reachedVia: [`netns-name:${name}`], isHost: false, holders: [{ kind: "name" as const, name, path: `/run/netns/${name}`, mtime }] });
  m.namespaces = [named(OLD, "cni-old", "2026-11-23T12:59:00Z"), named(YOUNG, "cni-young", "2026-11-23T13:20:00Z")];
  return m;
}

describe("cni-del-failure", () => {
  const found = runRules(model()).findings;
  const f = found.find((x) => x.ruleId === "cni-del-failure");

  it("names the PID, sandbox and pod of kubelet's line", () => {
    expect(f?.entities.pids).toEqual([12345]);
    expect(f?.entities.containers).toEqual(["5e4d3c2b1a0f9e8d7c6b5a49382716055e4d3c2b1a0f9e8d7c6b5a4938271605"]);
    expect(f?.explanation).toContain("The pod whose teardown failed: default/web-7d4b9c-x2k4q.");
  });

  it("joins only the leftover named before the failure, not one named after it", () => {
    expect(f?.entities.netns).toEqual([OLD]);
    expect(f?.entities.paths).toEqual(["/proc/12345/ns/net", KUBELET.path, "/run/netns/cni-old"]);
    expect(f?.explanation).toContain("the usual leftovers of a DEL that did not run: netns");
    expect(f?.explanation).toContain("/run/netns/cni-old");
    expect(f?.explanation).not.toContain("cni-young");
  });
});
