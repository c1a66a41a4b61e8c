// Writes the bundle set that compare.mjs analyses with two trees: every kind of input the
// analyser sees (our format, plain tarballs of real outputs, a sosreport shape, zip, hostile
// archives, a bench-sized bundle). Scenario bundles come from a lab run (needs root):
//   NBS_DUMP=DIR/scenarios npx vitest run test/scenarios
//   node bench/analysis-identity/make-set.mjs DIR [--big]
// --big adds the ingest bench bundle at 300k journal lines and 40 MiB of capture.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const [out, ...flags] = process.argv.slice(2);
if (!out) throw new Error("usage: make-set.mjs DIR [--big]");
fs.mkdirSync(out, { recursive: true });
const H = await tsImport(path.join(root, "test/support/tar/hostile-archives.ts"), import.meta.url);
const { makeTestBundle } = await tsImport(path.join(root, "test/support/bundles/make-test-bundle.ts"), import.meta.url);
const put = (name, buf) => fs.writeFileSync(path.join(out, name), buf);
const tarDir = (name, dir, opts = []) => execFileSync("tar", ["-czf", path.join(out, name), ...opts, "-C", path.dirname(dir), path.basename(dir)]);

fs.copyFileSync(path.join(root, "e2e/fixtures/demo-bundle.tar.gz"), path.join(out, "demo-bundle.tar.gz"));
const stage = fs.mkdtempSync(path.join(out, ".stage-"));
try {
  fs.renameSync(makeTestBundle(stage, { journalLines: 3000 }), path.join(out, "ingest-node.tar.gz"));
  // Plain tarballs of real outputs: the parser fixtures and the shared corpus, as they are.
  tarDir("parser-fixtures.tar.gz", path.join(root, "lib/parsers/fixtures"));
  tarDir("pcap-fixtures.tar.gz", path.join(root, "lib/pcap/fixtures"));
  const corpus = path.resolve(root, "../shared/corpus");
  if (fs.existsSync(corpus)) tarDir("shared-corpus.tar.gz", corpus);
  // A sosreport shape: real outputs at the paths sos writes them.
  const sos = path.join(stage, "sosreport-node1-2026");
  const FIX = path.join(root, "lib/parsers/fixtures");
  const place = (rel, fixture) => {
    fs.mkdirSync(path.dirname(path.join(sos, rel)), { recursive: true });
    fs.copyFileSync(path.join(FIX, fixture), path.join(sos, rel));
  };
  place("sos_commands/networking/ip_-d_address", "ip-addr--hotsos-k8s-flannel.txt");
  place("sos_commands/networking/ip_route_show_table_all", "ip-route--hotsos-k8s-table-all.txt");
  place("sos_commands/networking/ip_netns_exec_qrouter-984c22fd-64b3-4fa1-8ddd-87090f401ce5_iptables-save", "iptables-save--hotsos-qrouter.txt");
  place("sos_commands/kernel/sysctl_-a", "sysctl--centos7.txt");
  tarDir("sosreport-shape.tar.gz", sos);
  // Every parser fixture (.txt inputs) and pcap fixture in our format v1, each named as the
  // command of its kind, so the whole bundle path (manifest → kind → parser → model → rules) runs.
  const v1 = path.join(stage, "netbundle-fixtures-20261123T120000Z");
  const commands = [];
  for (const f of fs.readdirSync(FIX).filter((n) => n.endsWith(".txt")).sort()) {
    const kind = f.slice(0, f.indexOf("--"));
    const rel = `fixtures/${f}`;
    fs.mkdirSync(path.join(v1, "fixtures"), { recursive: true });
    fs.copyFileSync(path.join(FIX, f), path.join(v1, rel));
    commands.push({ argv: [kind], kind, output: rel, exitCode: 0, durationMs: 1, timedOut: false, truncated: false, notFound: false, stderr: "" });
  }
  fs.mkdirSync(path.join(v1, "pcap"), { recursive: true });
  for (const f of fs.readdirSync(path.join(root, "lib/pcap/fixtures")).filter((n) => /\.pcap(ng)?$/.test(n))) fs.copyFileSync(path.join(root, "lib/pcap/fixtures", f), path.join(v1, "pcap", f));
  const manifest = {
    format: "netbundle-bundle", formatVersion: 1, collector: { name: "netbundle-collect", version: "0.1.0" }, host: "fixtures-node", kernel: "6.1.0-18-amd64",
    collectedAt: { utc: "2026-11-23T12:00:00Z", node: "2026-11-23T12:00:00+0000", epoch: 1795435200 }, uid: 0, root: true,
    options: { since: "24h", timeout: 10, redact: true, pcapSeconds: 0, pcapIfaces: [], extra: [] }, missingTools: [], limitations: [], namespaces: [], commands,
  };
  fs.writeFileSync(path.join(v1, "manifest.json"), JSON.stringify(manifest, null, 2));
  // The manifest first, as the collector writes it: kinds come from its commands.
  const members = ["manifest.json", ...commands.map((c) => c.output), ...fs.readdirSync(path.join(v1, "pcap")).map((f) => `pcap/${f}`)];
  execFileSync("tar", ["-czf", path.join(out, "all-fixtures-v1.tar.gz"), "-C", stage, ...members.map((m) => `${path.basename(v1)}/${m}`)]);
  // Hostile archives (small sizes: the shape matters here, not the cost).
  put("hostile-pax.tar.gz", H.gz(H.paxGlobalTar(2000, 300)));
  put("hostile-symlinks.tar.gz", H.gz(H.symlinkTar(3000)));
  put("hostile-tiny-files.tar.gz", H.tinyFilesTarGz(3000));
  put("hostile-overlap.zip", H.overlappingZip(50, 4096));
  put("plain.zip", H.plainZip(50, 4096));
  put("truncated.tar.gz", fs.readFileSync(path.join(out, "demo-bundle.tar.gz")).subarray(0, 20_000));
  if (flags.includes("--big")) execFileSync("node", [path.join(root, "bench/ingest/make-bundle.mjs"), path.join(out, "bench-bundle.tar.gz"), "300000", "40"], { stdio: "inherit" });
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
console.log(`bundle set in ${out}:`, fs.readdirSync(out).filter((f) => !f.startsWith(".")).join(" "));
