import { describe, expect, it } from "vitest";
import { bundleProblems, MAX_SHOWN_PROBLEMS, parseSummary } from "./get-bundle-summary";

describe("parseSummary", () => {
  it("reads collection limits nested under collection and top-level notEvaluated", () => {
    const s = parseSummary(
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
    const s = parseSummary(JSON.stringify({ missingTools: ["crictl"], limitations: ["x"] }));
    expect(s.missingTools).toEqual(["crictl"]);
    expect(s.limitations).toEqual(["x"]);
  });

  it("survives null, garbage and wrong types", () => {
    expect(parseSummary(null).notEvaluated).toEqual([]);
    expect(parseSummary("{not json").errors).toEqual(["summary unreadable"]);
    const s = parseSummary(JSON.stringify({ notEvaluated: "x", errors: [1, "e"], collection: { failedCommands: [null, 3] } }));
    expect(s.notEvaluated).toEqual([]);
    expect(s.errors).toEqual(["e"]);
    expect(s.failedCommands).toEqual([]);
  });
});

describe("bundleProblems", () => {
  it("lists the summary's and the model's errors once each, in order", () => {
    expect(bundleProblems(["a", "b", "a"], ["b", "c"])).toEqual(["a", "b", "c"]);
    expect(bundleProblems([], undefined)).toEqual([]);
  });

  it("caps the list and is linear: 100k distinct lines stored by an older analysis", () => {
    const old = Array.from({ length: 100_000 }, (_, i) => `skipped b/l/${i}: symlink to "../x"; links are never followed`);
    const shown = bundleProblems([...old, ...old], old);
    expect(shown).toHaveLength(MAX_SHOWN_PROBLEMS + 1);
    expect(shown.slice(0, 2)).toEqual([old[0], old[1]]);
    expect(shown.at(-1)).toBe(`… and ${100_000 - MAX_SHOWN_PROBLEMS} more`);
  });
});
