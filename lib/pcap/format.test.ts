import { describe, expect, it } from "vitest";
import { isoUs, mac } from "@/lib/pcap/format";

describe("isoUs", () => {
  it("prints microseconds, also for runs within one second, across days and before 1970", () => {
    const base = Date.UTC(2026, 10, 23, 13, 2, 5) * 1000;
    expect(isoUs(base + 123456)).toBe("2026-11-23T13:02:05.123456Z");
    expect(isoUs(base + 123457)).toBe("2026-11-23T13:02:05.123457Z");
    expect(isoUs(base + 999999)).toBe("2026-11-23T13:02:05.999999Z");
    expect(isoUs(base + 1_000_000)).toBe("2026-11-23T13:02:06.000000Z");
    expect(isoUs(Date.UTC(2026, 10, 23, 23, 59, 59) * 1000 + 7)).toBe("2026-11-23T23:59:59.000007Z");
    expect(isoUs(-1)).toBe("1969-12-31T23:59:59.999999Z");
  });
});

describe("mac", () => {
  it("prints six colon-separated bytes, the same text on every call", () => {
    expect(mac(0x0242ac110002)).toBe("02:42:ac:11:00:02");
    expect(mac(0x0242ac110002)).toBe("02:42:ac:11:00:02");
    expect(mac(0)).toBe("00:00:00:00:00:00");
  });
});
