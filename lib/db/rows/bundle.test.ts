import { describe, expect, it } from "vitest";
import { decodeSeverityCounts, decodeSummary, encodeSeverityCounts, encodeSummary, type TSummaryJson } from "./bundle";

describe("decodeSummary", () => {
  it("reads collection limits nested under collection and top-level notEvaluated", () => {
    const s = decodeSummary(
      JSON.stringify({
        complete: false,
        errors: ["archive truncated at offset 1234"],
        notEvaluated: [{ ruleId: "iptables-forward-drop", reason: "no iptables-save in any netns" }, { reason: "no id" }],
        collection: {
          missingTools: ["conntrack"],
          limitations: ["not root"],
          failedCommands: [{ argv: ["ss", "-tanpie"], exitCode: 124, timedOut: true, stderr: "timeout", durationMs: 10000 }],
        },
      }),
    );
    expect(s.complete).toBe(false);
    expect(s.errors).toEqual(["archive truncated at offset 1234"]);
    expect(s.notEvaluated).toEqual([{ ruleId: "iptables-forward-drop", reason: "no iptables-save in any netns" }]);
    expect(s.missingTools).toEqual(["conntrack"]);
    expect(s.failedCommands).toHaveLength(1);
    expect(s.failedCommands[0]?.timedOut).toBe(true);
    expect(s.failedCommands[0]?.argv).toEqual(["ss", "-tanpie"]);
  });

  it("accepts collection fields at the top level", () => {
    const s = decodeSummary(JSON.stringify({ missingTools: ["crictl"], limitations: ["x"] }));
    expect(s.missingTools).toEqual(["crictl"]);
    expect(s.limitations).toEqual(["x"]);
  });

  it("survives null, garbage and wrong types", () => {
    expect(decodeSummary(null).notEvaluated).toEqual([]);
    expect(decodeSummary("{not json").errors).toEqual(["summary unreadable"]);
    const s = decodeSummary(JSON.stringify({ notEvaluated: "x", errors: [1, "e"], collection: { failedCommands: [null, 3] } }));
    expect(s.notEvaluated).toEqual([]);
    expect(s.errors).toEqual(["e"]);
    expect(s.failedCommands).toEqual([]);
  });
});

describe("Bundle.summaryJson", () => {
  it("reads what the ingest writes, and an old row without collection or counts", () => {
    const written: TSummaryJson = {
      complete: true,
      errors: [],
      notEvaluated: [{ ruleId: "r", reason: "why" }],
      collection: { missingTools: ["ss"], limitations: [], failedCommands: [{ argv: ["ip", "-j", "addr"], exitCode: 1, durationMs: 5, timedOut: false, truncated: false, notFound: false, stderr: "x", netns: 4026531840 }] },
      collector: { name: "netbundle-collect", version: "1" },
      root: true,
      counts: { artifacts: 2, artifactErrors: 0, netns: 1, processes: 3, findings: 1, timelineEvents: 7, timelineDropped: 0 },
    };
    const text = encodeSummary(written);
    expect(text).toBe(JSON.stringify(written));
    const s = decodeSummary(text);
    expect(s).toEqual({ notEvaluated: written.notEvaluated, errors: [], missingTools: ["ss"], limitations: [], failedCommands: written.collection.failedCommands, complete: true, counts: written.counts });
    expect(decodeSummary(JSON.stringify({ notEvaluated: [{ ruleId: "r", reason: "why" }] }))).toEqual({ notEvaluated: [{ ruleId: "r", reason: "why" }], errors: [], missingTools: [], limitations: [], failedCommands: [], complete: null, counts: {} });
  });

  it("keeps a failed command's optional fields only when they have their type", () => {
    const s = decodeSummary(JSON.stringify({ collection: { failedCommands: [{ argv: ["a", 1], exitCode: "1", netns: "x", reachedVia: "pid:1", output: "o" }] } }));
    expect(s.failedCommands).toStrictEqual([{ argv: ["a"], exitCode: null, durationMs: null, timedOut: false, truncated: false, notFound: false, stderr: "", reachedVia: "pid:1", output: "o" }]);
  });

  it("reads a value that is not an object as the empty summary", () => {
    for (const text of ["null", "[]", "3", '"s"', ""]) expect(decodeSummary(text)).toEqual({ notEvaluated: [], errors: [], missingTools: [], limitations: [], failedCommands: [], complete: null, counts: {} });
  });
});

describe("Bundle.severityCounts", () => {
  it("round-trips the counts in their order", () => {
    const counts = { critical: 1, high: 0, medium: 2, low: 0, info: 5 };
    expect(encodeSeverityCounts(counts)).toBe('{"critical":1,"high":0,"medium":2,"low":0,"info":5}');
    expect(decodeSeverityCounts(encodeSeverityCounts(counts))).toEqual(counts);
  });

  it("keeps number entries only and reads NULL, garbage and non-objects as {}", () => {
    expect(decodeSeverityCounts(JSON.stringify({ critical: 1, high: "2", low: null }))).toEqual({ critical: 1 });
    for (const text of [null, "", "{nope", "null", "7"]) expect(decodeSeverityCounts(text)).toEqual({});
  });
});
