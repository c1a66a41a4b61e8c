import { describe, expect, it } from "vitest";
import {
  fromEpochNumber, fromRealtimeMicros, fromUptime, parseCtimeAt, parseGoLogStampAt, parseIso, parseIsoAt,
  parseKlogStampAt, parseSyslogStampAt, parseWeekdayIso, resolveYearLess, toIsoUtc,
} from "@/lib/time";
import { offsetFromNodeClock, timeContextFromBundle } from "@/lib/time/from-bundle";

const iso = (t: { epochMs: number; frac: string } | null | undefined) => (t ? toIsoUtc(t) : null);
const CET = { utcOffsetSeconds: 3600, referenceEpochMs: Date.UTC(2026, 10, 23, 12), bootEpochMs: Date.UTC(2026, 10, 20) };

describe("ISO stamps", () => {
  it("reads journalctl short-iso-precise with a compact offset, keeping µs", () => {
    expect(iso(parseIsoAt("2026-11-23T12:00:00.123456+0100 host", 0)?.t)).toBe("2026-11-23T11:00:00.123456Z");
  });
  it("reads colon offsets, Z, nanoseconds and comma fractions", () => {
    expect(iso(parseIso("2026-11-23T12:00:00+01:00"))).toBe("2026-11-23T11:00:00.000Z");
    expect(iso(parseIso("2026-11-23T12:00:00.123456789Z"))).toBe("2026-11-23T12:00:00.123456789Z");
    expect(iso(parseIso("2026-11-23 12:00:00,5-05:00"))).toBe("2026-11-23T17:00:00.500Z");
  });
  it("applies the node offset to zone-less stamps and says so", () => {
    const r = parseIsoAt("2026-11-23T12:00:00 x", 0, CET);
    expect(r?.zoned).toBe(false);
    expect(iso(r?.t)).toBe("2026-11-23T11:00:00.000Z");
    expect(r?.end).toBe(19);
  });
  it("rejects impossible dates and non-stamps", () => {
    expect(parseIso("2026-02-30T00:00:00Z")).toBeNull();
    expect(parseIso("2026-11-23X12:00:00Z")).toBeNull();
    expect(parseIsoAt("hello world, not a stamp", 0)).toBeNull();
  });
});

describe("year-less stamps", () => {
  const at = (s: string, ref: number, off = 0) => {
    const p = parseSyslogStampAt(s, 0);
    return p ? iso(resolveYearLess(p.f, { referenceEpochMs: ref, utcOffsetSeconds: off })) : "no-parse";
  };
  it("takes the reference year for recent stamps, with the node offset", () => {
    expect(at("Nov 23 12:00:00 host", CET.referenceEpochMs, 3600)).toBe("2026-11-23T11:00:00.000Z");
    expect(at("Nov  3 01:02:03.25 host", CET.referenceEpochMs)).toBe("2026-11-03T01:02:03.250Z");
  });
  it("rolls Dec 31 back a year when collected in January", () => {
    const jan1 = Date.UTC(2027, 0, 1, 0, 5);
    expect(at("Dec 31 23:59:59 host", jan1)).toBe("2026-12-31T23:59:59.000Z");
    expect(at("Jan  1 00:04:00 host", jan1)).toBe("2027-01-01T00:04:00.000Z");
  });
  it("places Feb 29 in the last leap year", () => {
    expect(at("Feb 29 10:00:00 h", Date.UTC(2026, 10, 23))).toBe("2024-02-29T10:00:00.000Z");
  });
  it("is null without a reference time", () => {
    const p = parseSyslogStampAt("Nov 23 12:00:00", 0);
    expect(p && resolveYearLess(p.f, {})).toBeNull();
  });
  it("reads klog month-day stamps", () => {
    const p = parseKlogStampAt("I1123 12:00:00.123456   12345 file.go:1] m", 1);
    expect(p?.end).toBe(21);
    expect(p && iso(resolveYearLess(p.f, CET))).toBe("2026-11-23T11:00:00.123456Z");
  });
});

describe("other stamps", () => {
  it("reads Go log stamps as node-local", () => {
    expect(iso(parseGoLogStampAt("2026/11/23 12:00:00.000123 x", 0, CET)?.t)).toBe("2026-11-23T11:00:00.000123Z");
  });
  it("reads dmesg -T ctime, space-padded day too", () => {
    expect(iso(parseCtimeAt("Mon Nov 23 12:00:00 2026", 0, CET)?.t)).toBe("2026-11-23T11:00:00.000Z");
    expect(parseCtimeAt("Tue Nov  3 12:00:00 2026] x", 0)?.end).toBe(24);
  });
  it("adds uptime seconds to boot time", () => {
    expect(iso(fromUptime("90.500001", CET))).toBe("2026-11-20T00:01:30.500Z");
    expect(fromUptime("90.5", {})).toBeNull();
  });
  it("reads epoch numbers by magnitude and journald µs text", () => {
    expect(iso(fromEpochNumber(1795435200.25))).toBe("2026-11-23T12:00:00.250Z");
    expect(iso(fromEpochNumber(1795435200250))).toBe("2026-11-23T12:00:00.250Z");
    expect(iso(fromRealtimeMicros("1795438972533407"))).toBe("2026-11-23T13:02:52.533407Z");
  });
  it("reads journal header stamps with zone abbreviations", () => {
    expect(iso(parseWeekdayIso("Fri 2022-02-11 18:58:10 UTC")?.t)).toBe("2022-02-11T18:58:10.000Z");
    expect(iso(parseWeekdayIso("Tue 2017-09-19 09:12:59 CEST")?.t)).toBe("2017-09-19T07:12:59.000Z");
    expect(parseWeekdayIso("Tue 2017-09-19 09:12:59 IST")?.zoneKnown).toBe(false);
  });
});

describe("time context from bundle facts", () => {
  it("prefers the node clock's printed offset", () => {
    expect(offsetFromNodeClock("2026-11-23T13:00:00+0100")).toBe(3600);
    const ctx = timeContextFromBundle({ collectedAt: "2026-11-23T12:00:00Z", nodeClock: "2026-11-23T07:00:00-0500", utcOffsetSeconds: 99, bootTime: null });
    expect(ctx).toEqual({ utcOffsetSeconds: -18000, referenceEpochMs: Date.UTC(2026, 10, 23, 12), bootEpochMs: null });
  });
});

describe("toIsoUtc", () => {
  it("matches Date#toISOString across days, and keeps sub-ms digits", () => {
    for (const ms of [0, 1, 86_399_999, 86_400_000, Date.UTC(2026, 10, 23, 23, 59, 59, 999), Date.UTC(2027, 0, 1), Date.UTC(1999, 11, 31, 12, 30, 5, 7)]) {
      expect(toIsoUtc({ epochMs: ms, frac: "" })).toBe(new Date(ms).toISOString());
    }
    expect(toIsoUtc({ epochMs: Date.UTC(2026, 10, 23, 1, 2, 3, 45), frac: "045678" })).toBe("2026-11-23T01:02:03.045678Z");
    expect(toIsoUtc({ epochMs: -1, frac: "" })).toBe("1969-12-31T23:59:59.999Z");
  });

  it("prints the millisecond of epochMs even when the printed fraction disagrees, within a cached second", () => {
    const base = Date.UTC(2026, 10, 23, 1, 2, 3);
    expect(toIsoUtc({ epochMs: base + 123, frac: "123456" })).toBe("2026-11-23T01:02:03.123456Z");
    expect(toIsoUtc({ epochMs: base + 5, frac: "123456" })).toBe("2026-11-23T01:02:03.005456Z");
    expect(toIsoUtc({ epochMs: base + 7, frac: "00" })).toBe("2026-11-23T01:02:03.007Z");
    expect(toIsoUtc({ epochMs: base + 120, frac: "12" })).toBe("2026-11-23T01:02:03.120Z");
  });

  it("matches Date#toISOString for runs of stamps within one second and across seconds (the per-second cache)", () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    let ms = Date.UTC(2026, 10, 23, 23, 59, 58);
    for (let k = 0; k < 5000; k++) {
      ms += rnd(4) === 0 ? rnd(5000) : rnd(3); // mostly the same second, sometimes jumps
      if (rnd(50) === 0) ms = -86_400_000 + rnd(10_000_000_000); // and far away, before 1970 too
      expect(toIsoUtc({ epochMs: ms, frac: "" })).toBe(new Date(ms).toISOString());
    }
  });
});
