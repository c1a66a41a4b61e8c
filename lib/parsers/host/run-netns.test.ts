import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { fullIsoToUtc, parser } from "./run-netns";

runGoldenTests(parser, "run-netns");

describe("run-netns key facts", () => {
  it("lists names per directory with UTC mtimes and symlink targets", () => {
    const r = parseFixture(parser, "run-netns--debian12-netns-and-docker");
    expect(r.records.map((x) => [x.path, x.fileType, x.mtimeUtc, x.target])).toEqual([
      ["/run/netns/nbh-blue", "file", "2026-11-23T13:13:22.675237854Z", undefined],
      ["/run/netns/nbh-red", "file", "2026-11-23T13:13:22.683237855Z", undefined],
      ["/var/run/docker/netns/1a2b3c4d5e6f", "file", "2026-11-23T13:13:22.691237855Z", undefined],
      ["/var/run/docker/netns/default", "symlink", "2026-11-23T13:13:22.699237855Z", "/proc/1/ns/net"],
    ]);
    expect(r.warnings).toEqual([]);
    expect(r.unparsed).toEqual([]);
  });

  it("crosses the date line with a negative offset and warns on a missing dir and a cut line", () => {
    const r = parseFixture(parser, "run-netns--edge-crlf-no-docker-truncated");
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ name: "cni-0b1c2d3e-0000-4000-8000-000000000001", mtimeUtc: "2019-03-02T07:59:59.123456789Z", line: 5 });
    expect(r.warnings.map((w) => w.line)).toEqual([7]);
    expect(r.unparsed.map((u) => u.line)).toEqual([8]);
  });

  it("reports not-data outputs", () => {
    expect(parseFixture(parser, "run-netns--edge-neither-dir").notData?.reason).toBe("no-such-file");
    expect(parseFixture(parser, "run-netns--edge-empty").notData?.reason).toBe("empty");
    expect(fullIsoToUtc("2026-11-23 00:30:00 +0100")).toBe("2026-11-22T23:30:00Z");
  });
});
