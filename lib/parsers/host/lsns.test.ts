import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser } from "./lsns";

runGoldenTests(parser, "lsns");

describe("lsns table key facts", () => {
  it("cuts the collector's columns by position, keeping blanks in COMMAND and dropping tree drawing", () => {
    const r = parseFixture(parser, "lsns--debian12-collector-columns");
    expect(r.unparsed).toEqual([]);
    const sleep = r.records.find((x) => x.command === "sleep 5");
    expect(sleep).toMatchObject({ ns: 4026532247, type: "net", nprocs: 1, pid: 13979, ppid: 13975, uid: 0, user: "root", path: "/proc/13979/ns/net", line: 12 });
    expect(r.records.find((x) => x.pid === 25)?.command).toBe("kdevtmpfs");
    expect(r.records.filter((x) => x.type === "net")).toHaveLength(2);
  });

  it("reads NETNSID 'unassigned' and an empty NSFS cell", () => {
    const r = parseFixture(parser, "lsns--debian12-net-default-columns");
    expect(r.records.map((x) => [x.ns, x.netnsid, x.nsfs, x.command])).toEqual([
      [4026531833, "unassigned", undefined, "kthreadd"],
      [4026532247, "unassigned", undefined, "sleep 5"],
    ]);
  });

  it("keeps rows with empty PID and warns on a truncated last row", () => {
    const r = parseFixture(parser, "lsns--edge-crlf-truncated");
    expect(r.records.map((x) => [x.ns, x.pid, x.command])).toEqual([
      [4026531836, 1, "/usr/lib/systemd/systemd --switched-root --system --deserialize 22"],
      [4026532290, undefined, undefined],
      [4026532280, 4321, "/pause"],
      [4026532281, undefined, undefined],
    ]);
    expect(r.warnings.some((w) => w.line === 5)).toBe(true);
  });

  it("reports not-data outputs", () => {
    expect(parseFixture(parser, "lsns--edge-empty").notData?.reason).toBe("empty");
    expect(parseFixture(parser, "lsns--edge-command-not-found").notData?.reason).toBe("command-not-found");
  });
});
