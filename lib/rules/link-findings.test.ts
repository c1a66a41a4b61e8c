// The rules stage's cause chains and related findings, joined over the findings' entities.
import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/rules/finding";
import { linkFindings } from "@/lib/rules/link-findings";

const HOST = 4026531840;
const f = (id: string, entities: Finding["entities"], causedBy?: string[]): Finding => ({
  id, ruleId: id.split(":")[0]!, severity: "high", title: id, explanation: "", remediation: "", references: [], entities, evidence: [], ...(causedBy ? { causedBy } : {}),
});
const byId = (fs: Finding[]) => Object.fromEntries(fs.map((x) => [x.id, { causedBy: x.causedBy, causes: x.causes, related: x.related }]));

describe("linkFindings", () => {
  it("turns causedBy around into causes, and drops links to findings that do not exist", () => {
    const out = linkFindings([
      f("refused:198.18.0.5:80", { ips: ["198.18.0.5"] }, ["duplicate-ip:198.18.0.5"]),
      f("duplicate-ip:198.18.0.5", { ips: ["198.18.0.5"], netns: [7, 8] }, ["netns-without-process:8", "netns-without-process:99"]),
      f("netns-without-process:8", { netns: [8] }, ["cni-del-failure"]),
    ], new Set([HOST]));
    expect(byId(out)).toEqual({
      "refused:198.18.0.5:80": { causedBy: ["duplicate-ip:198.18.0.5"], causes: undefined, related: undefined },
      "duplicate-ip:198.18.0.5": { causedBy: ["netns-without-process:8"], causes: ["refused:198.18.0.5:80"], related: undefined },
      "netns-without-process:8": { causedBy: undefined, causes: ["duplicate-ip:198.18.0.5"], related: undefined },
    });
  });

  it("relates findings on the same specific thing, but not through the host netns or a chained finding", () => {
    const out = linkFindings([
      f("a", { netns: [HOST], pids: [42] }),
      f("b", { netns: [HOST], chains: ["INPUT"] }),
      f("c", { pids: [42], macs: ["02:00:00:00:00:01"] }),
      f("d", { macs: ["02:00:00:00:00:01"] }, ["c"]),
    ], new Set([HOST]));
    expect(byId(out)).toEqual({
      a: { causedBy: undefined, causes: undefined, related: ["c"] },
      b: { causedBy: undefined, causes: undefined, related: undefined },
      c: { causedBy: undefined, causes: ["d"], related: ["a"] },
      d: { causedBy: ["c"], causes: undefined, related: undefined },
    });
  });

  it("does not relate through a value hundreds of findings share (and stays linear in them)", () => {
    const many = Array.from({ length: 300 }, (_, i) => f(`n:${i}`, { ips: ["198.18.0.1"], pids: [i] }));
    const out = linkFindings([...many, f("p", { pids: [7] })], new Set());
    expect(out.find((x) => x.id === "n:7")?.related).toEqual(["p"]);
    expect(out.filter((x) => x.related && x.id !== "n:7" && x.id !== "p")).toEqual([]);
  });

  it("leaves the rule's findings themselves as they were", () => {
    const input = [f("x", { pids: [1] }, ["y"]), f("y", { pids: [1] })];
    const snapshot = structuredClone(input);
    linkFindings(input, new Set());
    expect(input).toEqual(snapshot);
  });
});
