import { describe, expect, it } from "vitest";
import { decodeArtifactWarnings, encodeArtifactWarnings, MAX_STORED_WARNINGS } from "./artifact";

describe("Artifact.warnings", () => {
  it("stores none as NULL and at most MAX_STORED_WARNINGS, in order", () => {
    expect(encodeArtifactWarnings([])).toBeNull();
    const many = Array.from({ length: 700 }, (_, i) => ({ line: i + 1, message: `w${i}` }));
    const text = encodeArtifactWarnings(many);
    expect(text).toBe(JSON.stringify(many.slice(0, MAX_STORED_WARNINGS)));
    expect(decodeArtifactWarnings(text)).toEqual(many.slice(0, MAX_STORED_WARNINGS));
  });

  it("reads a line only when it is a number, and the message as text", () => {
    expect(decodeArtifactWarnings(JSON.stringify([{ line: "2", message: 5 }, { message: "m" }, null, "x", []]))).toStrictEqual([{ message: "5" }, { message: "m" }, { message: "" }]);
  });

  it("reads NULL, garbage and non-lists as no warnings", () => {
    for (const text of [null, "", "{nope", "{}", "3"]) expect(decodeArtifactWarnings(text)).toEqual([]);
  });
});
