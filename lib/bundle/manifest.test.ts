import { describe, expect, it } from "vitest";
import { parseManifest, ZManifestCommand } from "./manifest";

// The example of collector-script/README.md ("manifest.json"), verbatim in shape.
const README_EXAMPLE = {
  format: "netbundle-bundle",
  formatVersion: 1,
  collector: { name: "netbundle-collect", version: "0.1.0" },
  host: "node-1",
  kernel: "6.1.0-18-amd64",
  collectedAt: { utc: "2026-11-23T12:00:00Z", node: "2026-11-23T13:00:00+0100", epoch: 1795435200 },
  uid: 0,
  root: true,
  options: { since: "24h", timeout: 10, redact: true, pcapSeconds: 0, pcapIfaces: [], extra: [] },
  missingTools: ["conntrack", "crictl"],
  limitations: ["not root: per-netns iptables not collected"],
  namespaces: [
    {
      type: "net", inode: 4026531840, isHost: true, dir: "netns/4026531840", reachedVia: ["pid:1"],
      holders: {
        pids: [1, 532],
        mounts: [{ mountPoint: "/run/netns/blue", fstype: "nsfs", mntns: 4026531841, pid: 1, comm: "systemd" }],
        names: [{ name: "blue", path: "/run/netns/blue" }],
      },
    },
  ],
  commands: [
    {
      argv: ["ip", "-d", "-j", "addr"], kind: "ip-addr-json", output: "netns/4026531840/ip-addr.json",
      netns: 4026531840, reachedVia: "pid:1", exitCode: 0, durationMs: 12, timedOut: false, truncated: false, notFound: false,
      stderr: "first 2 KiB of stderr",
    },
  ],
};

describe("parseManifest", () => {
  it("reads the README example without warnings", () => {
    const { manifest, warnings } = parseManifest(JSON.stringify(README_EXAMPLE));
    expect(warnings).toEqual([]);
    expect(manifest).toEqual(README_EXAMPLE);
    expect(ZManifestCommand.safeParse(README_EXAMPLE.commands[0]).success).toBe(true);
  });

  it("ignores unknown fields and turns bad fields into warnings, keeping the rest", () => {
    const text = JSON.stringify({
      ...README_EXAMPLE,
      formatVersion: "one",
      futureField: { x: 1 },
      uid: -1.5,
      collectedAt: { utc: "2026-11-23T12:00:00Z", epoch: "soon" },
      commands: [
        { output: "host/uname.txt", kind: "uname", exitCode: "0", newThing: true },
        { kind: "ps" },
        "not a command",
        { output: "host/ps.txt", kind: "ps", backend: "iptables-v9", truncated: true },
      ],
      namespaces: { not: "an array" },
    });
    const { manifest, warnings } = parseManifest(text);
    expect(manifest?.host).toBe("node-1");
    expect(manifest?.formatVersion).toBeUndefined();
    expect(manifest?.uid).toBeUndefined();
    expect(manifest?.collectedAt).toEqual({ utc: "2026-11-23T12:00:00Z" });
    expect(manifest?.namespaces).toEqual([]);
    expect(manifest?.commands).toEqual([
      { output: "host/uname.txt", kind: "uname" },
      { output: "host/ps.txt", kind: "ps", truncated: true },
    ]);
    expect(warnings.map((w) => w.replace(/: .*/, ""))).toEqual([
      "manifest.formatVersion",
      "manifest.uid",
      "manifest.namespaces",
      "manifest.commands[0].exitCode",
      "manifest.commands[1]",
      "manifest.commands[2]",
      "manifest.commands[3].backend",
      "manifest.collectedAt.epoch",
    ]);
    expect(warnings[4]).toBe("manifest.commands[1]: no output path; command ignored");
  });

  it("takes null as absent, as the collector writes it for host commands", () => {
    const cmd = { argv: ["uname", "-a"], kind: "uname", output: "host/uname.txt", netns: null, reachedVia: null, exitCode: null };
    const { manifest, warnings } = parseManifest(JSON.stringify({ commands: [cmd] }));
    expect(warnings).toEqual([]);
    expect(manifest?.commands).toEqual([{ argv: ["uname", "-a"], kind: "uname", output: "host/uname.txt", exitCode: null }]);
  });

  it("warns about a foreign format or a newer version but still reads it", () => {
    const { manifest, warnings } = parseManifest(JSON.stringify({ format: "other", formatVersion: 3, host: "h" }));
    expect(manifest).toMatchObject({ format: "other", formatVersion: 3, host: "h", commands: [], namespaces: [] });
    expect(warnings).toEqual([
      'manifest.format is "other", expected "netbundle-bundle"',
      "manifest.formatVersion 3 is newer than 1; reading it as version 1",
    ]);
  });

  it("returns null with a warning for text that is not a JSON object", () => {
    expect(parseManifest("")).toMatchObject({ manifest: null, warnings: [expect.stringMatching(/not valid JSON/)] });
    expect(parseManifest("{\"format\": ")).toMatchObject({ manifest: null });
    expect(parseManifest("[1,2]")).toEqual({ manifest: null, warnings: ["manifest.json is not a JSON object"] });
  });
});
