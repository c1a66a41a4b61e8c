import { describe, expect, it } from "vitest";
import { loadFixture, runGoldenTests } from "@/test/support/golden";
import { dmesgParser } from "@/lib/parsers/logs/dmesg";

runGoldenTests(dmesgParser, "dmesg");

// btime of the machine the nbp-gen fixtures were captured on (host/boot-time.txt would hold it).
const BOOT = { bootEpochMs: 1795437472 * 1000, utcOffsetSeconds: 0 };

describe("dmesg", () => {
  it("plain + boot time agrees with dmesg -T of the same buffer to the second", () => {
    const plain = dmesgParser.parse(loadFixture("dmesg--nbp-gen-plain"), { path: "x", time: BOOT }).records;
    const ctime = dmesgParser.parse(loadFixture("dmesg--nbp-gen-ctime"), { path: "x", time: BOOT }).records;
    expect(plain).toHaveLength(30);
    expect(ctime.map((r) => r.message)).toEqual(plain.map((r) => r.message));
    for (const [i, p] of plain.entries()) {
      // dmesg -T rounds via its own boot-time estimate; allow 1 s.
      expect(Math.abs((p.epochMs ?? 0) - (ctime[i]?.epochMs ?? 0))).toBeLessThanOrEqual(1000);
    }
    expect(plain[0]).toMatchObject({ ts: "2026-11-23T13:02:36.336Z", uptime: 1484.336156, message: "br-nbp.0: port 1(veth-nbp0) entered blocking state" });
  });

  it("reads -x and -r prefixes into facility and level, same messages", () => {
    const plain = dmesgParser.parse(loadFixture("dmesg--nbp-gen-plain"), { path: "x" }).records;
    const dec = dmesgParser.parse(loadFixture("dmesg--nbp-gen-decode"), { path: "x" }).records;
    const raw = dmesgParser.parse(loadFixture("dmesg--nbp-gen-raw"), { path: "x" }).records;
    expect(dec.map((r) => r.message)).toEqual(plain.map((r) => r.message));
    expect(raw.map((r) => r.uptime)).toEqual(plain.map((r) => r.uptime));
    expect(dec[0]).toMatchObject({ facility: "kern", level: "info" });
    expect(raw[0]?.level).toBe("info");
  });

  it("keeps uptime but no ts without boot time; keeps TAB-indented text", () => {
    const r = dmesgParser.parse(loadFixture("dmesg--hotsos-k8s-excerpt"), { path: "x" });
    expect(r.records.every((x) => x.ts === null)).toBe(true);
    expect(r.records[10]?.message).toBe("\tTasks RCU enabled.");
    expect(r.warnings.map((w) => w.message)).toEqual(["seconds-since-boot stamps without a boot time: ts left null"]);
  });

  it("marks permission errors and empty output as not data", () => {
    expect(dmesgParser.parse(loadFixture("dmesg--edge-permission-denied"), { path: "x" }).notData?.reason).toBe("permission-denied");
    expect(dmesgParser.parse("", { path: "x" }).notData?.reason).toBe("empty");
  });

  it("reads --time-format iso and unstamped lines", () => {
    const r = dmesgParser.parse("2026-11-23T13:02:36,336156+01:00 eth0: up\nwrapped text\n", { path: "x" });
    expect(r.records).toEqual([
      { line: 1, ts: "2026-11-23T12:02:36.336156Z", epochMs: Date.UTC(2026, 10, 23, 12, 2, 36, 336), message: "eth0: up" },
      { line: 2, ts: null, epochMs: null, continues: 1, message: "wrapped text" },
    ]);
  });
});
