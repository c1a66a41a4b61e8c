import { describe, expect, it } from "vitest";
import { bundleProblems, MAX_SHOWN_PROBLEMS } from "./bundle-problems";

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
