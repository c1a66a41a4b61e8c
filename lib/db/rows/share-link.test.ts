import { describe, expect, it } from "vitest";
import { decodeFindingKeys, encodeFindingKeys } from "./share-link";

describe("ShareLink.findingKeys", () => {
  it("round-trips the keys and reads garbage as none", () => {
    expect(decodeFindingKeys(encodeFindingKeys(["dup-ip:1", "neigh:2"]))).toEqual(["dup-ip:1", "neigh:2"]);
    expect(decodeFindingKeys(JSON.stringify(["a", 1]))).toEqual(["a"]);
    for (const text of ["", "{nope", "{}"]) expect(decodeFindingKeys(text)).toEqual([]);
  });
});
