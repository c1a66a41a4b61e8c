import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { decodeOctal, mountsOf, parser } from "./mountinfo";

runGoldenTests(parser, "mountinfo");

describe("mountinfo key facts", () => {
  it("parses the collector header and a real nsfs bind mount of a netns", () => {
    const r = parseFixture(parser, "mountinfo--debian12-nsfs-bind");
    expect(r.records[0]).toEqual({ type: "header", pid: 11678, mntns: 4026532247, comm: "sh", line: 1 });
    const nsfs = mountsOf(r.records).filter((m) => m.nsInode !== undefined);
    expect(nsfs).toHaveLength(1);
    expect(nsfs[0]).toMatchObject({ mountPoint: "/tmp/nbh-mnt/net", fstype: "nsfs", nsType: "net", nsInode: 4026532248 });
    expect(mountsOf(r.records).find((m) => m.source === "nbhtmp")?.mountPoint).toBe("/tmp/nbh-mnt/with space");
    expect(r.unparsed).toEqual([]);
  });

  it("recognises snapd's mnt-namespace nsfs mounts and master: propagation", () => {
    const mounts = mountsOf(parseFixture(parser, "mountinfo--jc-master-shared").records);
    const ns = mounts.filter((m) => m.nsType === "mnt");
    expect(ns.length).toBeGreaterThan(0);
    expect(ns.every((m) => (m.nsInode ?? 0) > 4026531840)).toBe(true);
    expect(mounts.some((m) => m.propagation.some((p) => p.startsWith("master:")))).toBe(true);
  });

  it("decodes octal escapes in paths and sources", () => {
    const mounts = mountsOf(parseFixture(parser, "mountinfo--octal-escapes").records);
    expect(mounts.map((m) => m.mountPoint)).toEqual([
      "/mnt/foo bar",
      "/DATA/foo_bla_bla",
      "/tmp/newline\ntab\tspace backslash\\quote1'quote2\"",
    ]);
    expect(mounts[1]?.source).toBe("//foo/BLA BLA BLA/");
    expect(decodeOctal("a\\134b")).toBe("a\\b");
  });

  it("handles CRLF, proc-type ns mounts of old kernels, broken and truncated lines", () => {
    const r = parseFixture(parser, "mountinfo--edge-crlf-oldkernel-truncated");
    const mounts = mountsOf(r.records);
    expect(mounts.map((m) => [m.mountId, m.nsType, m.nsInode])).toEqual([
      [22, undefined, undefined],
      [500, "net", 4026532280],
      [501, "net", 4026532281],
    ]);
    expect(mounts[1]?.propagation).toEqual(["shared:300"]);
    expect(r.unparsed.map((u) => u.line)).toEqual([5, 6, 7]);
  });

  it("reports not-data outputs", () => {
    expect(parseFixture(parser, "mountinfo--edge-empty").notData?.reason).toBe("empty");
    expect(parseFixture(parser, "mountinfo--edge-no-such-file").notData?.reason).toBe("no-such-file");
  });
});
