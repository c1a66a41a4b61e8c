import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser } from "./lsns-json";

runGoldenTests(parser, "lsns-json");

describe("lsns -J key facts", () => {
  it("reads numeric fields and maps each namespace to the line where its object opens", () => {
    const r = parseFixture(parser, "lsns-json--debian12-net");
    expect(r.records).toEqual([
      { ns: 4026531833, type: "net", nprocs: 82, pid: 2, ppid: 0, command: "kthreadd", uid: 0, user: "root", path: "/proc/2/ns/net", line: 3 },
      { ns: 4026532247, type: "net", nprocs: 1, pid: 13979, ppid: 13975, command: "sleep 5", uid: 0, user: "root", path: "/proc/13979/ns/net", line: 13 },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it("flattens util-linux 2.38's nested children and keeps their lines", () => {
    const r = parseFixture(parser, "lsns-json--debian12-default");
    expect(r.warnings).toEqual([]);
    expect(r.records.find((x) => x.pid === 25)).toEqual({ ns: 4026531860, type: "mnt", nprocs: 1, pid: 25, command: "kdevtmpfs", user: "root", line: 60 });
  });

  it("accepts the old quoted-number form and null cells; rejects entries without NS", () => {
    const r = parseFixture(parser, "lsns-json--edge-old-string-form");
    expect(r.records.map((x) => [x.ns, x.nprocs, x.pid, x.nsfs, x.netnsid])).toEqual([
      [4026531835, 121, 1, undefined, undefined],
      [4026532280, 2, 4321, undefined, undefined],
      [4026532290, 0, undefined, "/run/netns/leaked", "unassigned"],
    ]);
    expect(r.unparsed).toEqual([{ line: 6, text: '      {"type": "net", "nprocs": "1"}' }]);
  });

  it("reports an lsns without -J as not data, truncated JSON as a warning", () => {
    expect(parseFixture(parser, "lsns-json--edge-old-lsns-no-json").notData?.reason).toBe("error-text");
    expect(parseFixture(parser, "lsns-json--edge-empty").notData?.reason).toBe("empty");
    const t = parseFixture(parser, "lsns-json--edge-truncated");
    expect(t.records).toEqual([]);
    expect(t.warnings[0]?.message).toMatch(/invalid JSON/);
    expect(t.unparsed).toHaveLength(6);
  });
});
