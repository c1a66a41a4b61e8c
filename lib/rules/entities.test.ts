import { describe, expect, it } from "vitest";
import { ENTITY_KEYS } from "@/lib/rules/finding";
import { entities, sysctlEntity } from "@/lib/rules/entities";

describe("entities", () => {
  it("de-duplicates in first-seen order, drops empty values and empty lists, in the contract's key order", () => {
    expect(entities({ pids: [3, 1, 3, undefined], ips: ["198.18.0.2", "", "198.18.0.1", "198.18.0.2"], chains: [], macs: [null] })).toEqual({ ips: ["198.18.0.2", "198.18.0.1"], pids: [3, 1] });
    expect(Object.keys(entities({ containers: ["c"], ips: ["i"], netns: [1] }))).toEqual(["ips", "netns", "containers"]);
  });

  it("knows every key of the contract", () => {
    const all = Object.fromEntries(ENTITY_KEYS.map((k) => [k, ["x"]]));
    expect(Object.keys(entities(all as never))).toEqual([...ENTITY_KEYS]);
  });

  it("writes sysctls as name=value", () => {
    expect(sysctlEntity("net.ipv4.conf.all.rp_filter", 1)).toBe("net.ipv4.conf.all.rp_filter=1");
  });
});
