import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/rules/finding";
import { countFindingEvidence, decodeFindingEntities, decodeFindingEvidence, decodeFindingLinks, decodeFindingReferences, encodeFindingColumns } from "./finding";

const f: Pick<Finding, "references" | "entities" | "evidence"> = {
  references: ["https://example.org/x"],
  entities: { ips: ["198.18.0.5"], netns: [4026532305] },
  evidence: [{ artifact: "netns/1/ip-addr.json", lineStart: 4, lineEnd: 6, excerpt: "a\nb", quote: "summary" }],
};

describe("Finding JSON columns", () => {
  it("writes each column as JSON.stringify does and reads it back", () => {
    const row = encodeFindingColumns(f);
    expect(row).toEqual({ references: JSON.stringify(f.references), entities: JSON.stringify(f.entities), evidence: JSON.stringify(f.evidence), links: null });
    expect(decodeFindingReferences(row.references)).toEqual(f.references);
    expect(decodeFindingEntities(row.entities)).toEqual(f.entities);
    expect(decodeFindingEvidence(row.evidence)).toEqual(f.evidence);
    expect(countFindingEvidence(row.evidence)).toBe(1);
  });

  it("keeps evidence items that name an artifact, as stored; counts every stored item", () => {
    const text = JSON.stringify([{ artifact: "a", lineStart: 1, extra: true }, { lineStart: 2 }, null, "x"]);
    expect(decodeFindingEvidence(text)).toStrictEqual([{ artifact: "a", lineStart: 1, extra: true }]);
    expect(countFindingEvidence(text)).toBe(4);
  });

  it("reads garbage as the empty value of each column", () => {
    for (const text of ["", "{nope", "null"]) {
      expect(decodeFindingReferences(text)).toEqual([]);
      expect(decodeFindingEntities(text)).toEqual({});
      expect(decodeFindingEvidence(text)).toEqual([]);
      expect(countFindingEvidence(text)).toBe(0);
    }
    expect(decodeFindingReferences(JSON.stringify(["u", 3, null]))).toEqual(["u"]);
  });

  it("stores the cause chain and related keys only when there are some, and reads old rows as no links", () => {
    const linked = encodeFindingColumns({ ...f, causedBy: ["duplicate-ip:198.18.0.5"], related: ["a", "b"] });
    expect(linked.links).toBe(JSON.stringify({ causedBy: ["duplicate-ip:198.18.0.5"], related: ["a", "b"] }));
    expect(decodeFindingLinks(linked.links)).toEqual({ causedBy: ["duplicate-ip:198.18.0.5"], causes: [], related: ["a", "b"] });
    for (const old of [null, "", "{bad", "[1]", JSON.stringify({ causes: "x", related: [1, "k"] })]) {
      expect(decodeFindingLinks(old)).toEqual(old?.includes("related") ? { causedBy: [], causes: [], related: ["k"] } : { causedBy: [], causes: [], related: [] });
    }
  });
});
