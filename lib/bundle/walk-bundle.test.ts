import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tarEntry, tarOf } from "@/test/support/tar/tar-builder";
import { makeTempDir } from "@/test/support/temp-dir";
import type { BundleArtifact } from "./types";
import { walkBundle } from "./walk-bundle";

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir("nb-bundle-test-")));
afterEach(() => tmp.cleanup());

const TOP = "netbundle-node-1-20261123T120000Z";
const MANIFEST = {
  format: "netbundle-bundle",
  formatVersion: 1,
  host: "node-1",
  commands: [
    { argv: ["ip", "-d", "-j", "addr"], kind: "ip-addr-json", output: "netns/4026531840/ip-addr.json", netns: 4026531840, exitCode: 0 },
    { argv: ["iptables-nft-save", "-c"], kind: "iptables-save", output: "netns/4026532281/iptables-nft-save.txt", netns: 4026532281, backend: "nf_tables" },
    // A path no layout knows: only the manifest can name its kind.
    { argv: ["ip", "-d", "addr"], kind: "ip-addr", output: "extra/custom-ip.out", netns: 4026532281 },
  ],
};
const FILES: Record<string, string> = {
  "host/uname.txt": "Linux node-1 6.1.0-18-amd64\n",
  "netns/4026531840/ip-addr.json": "[]\n",
  "netns/4026532281/iptables-nft-save.txt": "*filter\nCOMMIT\n",
  "extra/custom-ip.out": "1: lo: <LOOPBACK,UP>\n",
  "redaction-report.txt": "nothing redacted\n",
};

/** Write the bundle tree and tar it with the real tar, manifest first or last. */
function makeBundle(name: string, manifestLast = false): string {
  const root = tmp.file(`src/${TOP}`);
  for (const [p, text] of Object.entries({ ...FILES, "manifest.json": JSON.stringify(MANIFEST) })) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  }
  const order = Object.keys(FILES).map((p) => `${TOP}/${p}`);
  const members = manifestLast ? [...order, `${TOP}/manifest.json`] : [`${TOP}/manifest.json`, ...order];
  execFileSync("tar", ["-czf", tmp.file(name), "-C", tmp.file("src"), ...members]);
  return tmp.file(name);
}

async function walk(file: string) {
  const seen: [BundleArtifact, string][] = [];
  const r = await walkBundle(file, {
    onManifest: (m) => void seen.push([{ path: "(onManifest)", kind: m?.host ?? null } as BundleArtifact, ""]),
    onArtifact: async (a, body) => void seen.push([a, (await body.toBuffer())?.toString() ?? ""]),
  });
  const manifestCalls = seen.filter(([a]) => a.path === "(onManifest)");
  expect(manifestCalls.length).toBe(r.manifest ? 1 : 0);
  if (r.manifest) expect(seen[seen.findIndex(([a]) => a.path === "(onManifest)") + 1]?.[0].path).toBe("manifest.json");
  return { r, seen: seen.filter(([a]) => a.path !== "(onManifest)") };
}

const brief = (a: BundleArtifact) => [a.path, a.kind, a.kindSource, a.netns ?? null];

describe("walkBundle on a format v1 bundle", () => {
  it("strips the top folder and takes kinds from the manifest first, then the layout", async () => {
    const { r, seen } = await walk(makeBundle("b.tar.gz"));
    expect(r.error).toBeNull();
    expect(r.complete).toBe(true);
    expect(r.topFolder).toBe(TOP);
    expect(r.layout).toBe("netbundle-v1");
    expect(r.manifest?.host).toBe("node-1");
    expect(r.warnings).toEqual([]);
    expect(seen.map(([a]) => brief(a))).toEqual([
      ["manifest.json", "manifest", "manifest", null],
      ["host/uname.txt", "uname", "layout", null],
      ["netns/4026531840/ip-addr.json", "ip-addr-json", "manifest", 4026531840],
      ["netns/4026532281/iptables-nft-save.txt", "iptables-save", "manifest", 4026532281],
      ["extra/custom-ip.out", "ip-addr", "manifest", 4026532281],
      ["redaction-report.txt", null, null, null],
    ]);
    // Bodies arrive intact, the manifest's too even though walkBundle read it first.
    expect(JSON.parse(seen[0]?.[1] ?? "")).toEqual(MANIFEST);
    expect(seen[1]?.[1]).toBe(FILES["host/uname.txt"]);
    expect(seen[3]?.[0]).toMatchObject({ backend: "nf_tables", command: { argv: ["iptables-nft-save", "-c"] }, archivePath: `${TOP}/netns/4026532281/iptables-nft-save.txt` });
    expect(r.artifacts.map(brief)).toEqual(seen.map(([a]) => brief(a)));
  });

  it("with the manifest last, earlier files get layout kinds and a warning says so", async () => {
    const { r, seen } = await walk(makeBundle("late.tgz", true));
    expect(r.manifest?.commands).toHaveLength(3);
    expect(seen.map(([a]) => brief(a))).toEqual([
      ["host/uname.txt", "uname", "layout", null],
      ["netns/4026531840/ip-addr.json", "ip-addr-json", "layout", 4026531840],
      ["netns/4026532281/iptables-nft-save.txt", "iptables-save", "layout", 4026532281],
      ["extra/custom-ip.out", null, null, null],
      ["redaction-report.txt", null, null, null],
      ["manifest.json", "manifest", "manifest", null],
    ]);
    expect(r.warnings).toEqual(["manifest.json came after 5 files; their kinds come from the path layout, not the manifest"]);
  });

  it("reports a truncated bundle as incomplete and keeps the artifacts read before the cut", async () => {
    const big = zlib.gzipSync(
      tarOf(
        tarEntry({ name: `${TOP}/manifest.json` }, JSON.stringify(MANIFEST)),
        tarEntry({ name: `${TOP}/host/uname.txt` }, "Linux\n"),
        tarEntry({ name: `${TOP}/logs/journal/kubelet.txt` }, Buffer.from(Array.from({ length: 20000 }, (_, i) => `line ${i} ${Math.sin(i)}\n`).join(""))),
      ),
    );
    fs.writeFileSync(tmp.file("cut.tgz"), big.subarray(0, Math.floor(big.length * 0.6)));
    const { r, seen } = await walk(tmp.file("cut.tgz"));
    expect(r.complete).toBe(false);
    expect(r.error?.code).toBe("truncated");
    expect(r.error?.entry).toBe(`${TOP}/logs/journal/kubelet.txt`);
    expect(seen.map(([a]) => a.path)).toEqual(["manifest.json", "host/uname.txt"]);
  });

  it("passes skipped links through and keeps odd entries outside the top folder whole", async () => {
    const tar = tarOf(
      tarEntry({ name: `${TOP}/`, type: "5" }),
      tarEntry({ name: `${TOP}/host/dmesg.txt` }, "[0.0] Linux\n"),
      tarEntry({ name: `${TOP}/host/evil`, type: "2", linkname: "/etc/shadow" }),
      tarEntry({ name: "stray/host/ps.txt" }, "PID\n"),
    );
    fs.writeFileSync(tmp.file("odd.tar"), tar);
    const { r } = await walk(tmp.file("odd.tar"));
    expect(r.artifacts.map(brief)).toEqual([
      ["host/dmesg.txt", "dmesg", "layout", null],
      ["stray/host/ps.txt", null, null, null],
    ]);
    expect(r.skipped).toMatchObject([{ path: `${TOP}/host/evil`, kind: "symlink", leavesBundle: true }]);
    expect(r.warnings).toEqual([`1 entries lie outside the top folder "${TOP}" (e.g. "stray/host/ps.txt"); their paths are kept whole`]);
  });
});

describe("walkBundle on other layouts and formats", () => {
  it("finds no top folder in a bundle packed with `tar -C dir .` whose first file is host/...", async () => {
    const src = tmp.file("flat");
    fs.mkdirSync(path.join(src, "host"), { recursive: true });
    fs.mkdirSync(path.join(src, "netns/4026531840"), { recursive: true });
    fs.writeFileSync(path.join(src, "host/uname.txt"), "Linux\n");
    fs.writeFileSync(path.join(src, "netns/4026531840/ip-addr.json"), "[]\n");
    // Members "./", "./host/", ... in directory order: the root entry "./" is not reported.
    execFileSync("tar", ["-czf", tmp.file("flat.tgz"), "-C", src, "."]);
    const { r } = await walk(tmp.file("flat.tgz"));
    expect(r.topFolder).toBeNull();
    expect(r.skipped).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.artifacts.map(brief).sort()).toEqual([
      ["host/uname.txt", "uname", "layout", null],
      ["netns/4026531840/ip-addr.json", "ip-addr-json", "layout", 4026531840],
    ]);
  });

  it("recognizes a sosreport by its paths (no manifest), zipped", async () => {
    const zip = new JSZip();
    const top = "sosreport-node-2-2024-01-01-abcdef";
    zip.file(`${top}/sos_commands/networking/ip_-d_address`, "1: lo: <LOOPBACK>\n");
    zip.file(`${top}/sos_commands/networking/ip_netns_exec_qrouter-1_iptables-save`, "*nat\nCOMMIT\n");
    zip.file(`${top}/proc/1/mountinfo`, "22 1 0:21 / /sys rw - sysfs sysfs rw\n");
    zip.file(`${top}/sos_reports/manifest.json`, "{}");
    fs.writeFileSync(tmp.file("sos.zip"), await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const { r } = await walk(tmp.file("sos.zip"));
    expect(r.format).toBe("zip");
    expect(r.topFolder).toBe(top);
    expect(r.layout).toBe("sosreport");
    expect(r.manifest).toBeNull();
    expect(r.artifacts.map((a) => [a.path, a.kind, a.netnsName ?? null])).toEqual([
      ["sos_commands/networking/ip_-d_address", "ip-addr", null],
      ["sos_commands/networking/ip_netns_exec_qrouter-1_iptables-save", "iptables-save", "qrouter-1"],
      ["proc/1/mountinfo", "mountinfo", null],
      ["sos_reports/manifest.json", "sos-manifest", null],
    ]);
  });

  it("keeps reading when the manifest is damaged, with its warnings", async () => {
    const tar = tarOf(tarEntry({ name: "manifest.json" }, '{"format":"netbundle-bundle","commands":[{"kind":"ps"}], "host": 7}'), tarEntry({ name: "host/ps.txt" }, "PID\n"));
    fs.writeFileSync(tmp.file("d.tar"), tar);
    const { r } = await walk(tmp.file("d.tar"));
    expect(r.topFolder).toBeNull();
    expect(r.layout).toBe("netbundle-v1");
    expect(r.manifestWarnings).toEqual(["manifest.host: Invalid input: expected string, received number (ignored)", "manifest.commands[0]: no output path; command ignored"]);
    expect(r.artifacts.map(brief)).toEqual([
      ["manifest.json", "manifest", "manifest", null],
      ["host/ps.txt", "ps", "layout", null],
    ]);
  });
});
