// The capture rules on a real capture (lib/pcap/fixtures: an OpenFlow client on loopback
// whose first connection is refused, the second accepted), analysed as a bundle end to end.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import type { AnalysisResult } from "@/lib/analyze/types";
import { makeTempDir } from "@/test/support/temp-dir";

const FIXTURE = path.resolve(__dirname, "../pcap/fixtures/tcpdump-openflow-loopback-refused-rst.pcapng");
let tmp: ReturnType<typeof makeTempDir>;
let result: AnalysisResult;

beforeAll(async () => {
  tmp = makeTempDir("nb-capture-rules-");
  const top = path.join(tmp.dir, "netbundle-cap-20261123T120000Z");
  fs.mkdirSync(path.join(top, "pcap"), { recursive: true });
  fs.copyFileSync(FIXTURE, path.join(top, "pcap", "lo.pcapng"));
  fs.writeFileSync(path.join(top, "manifest.json"), JSON.stringify({ format: "netbundle-bundle", formatVersion: 1, collector: { name: "netbundle-collect", version: "0.1.0" }, host: "cap-node", namespaces: [], commands: [] }));
  execFileSync("tar", ["-czf", tmp.file("b.tar.gz"), "-C", tmp.dir, "netbundle-cap-20261123T120000Z/manifest.json", "netbundle-cap-20261123T120000Z/pcap/lo.pcapng"]);
  result = await analyzeBundle(tmp.file("b.tar.gz"));
});
afterAll(() => tmp.cleanup());

describe("capture-refused-connections", () => {
  it("reports the refused endpoint with its counts, and no MAC for a loopback capture", () => {
    const found = result.findings.filter((f) => f.ruleId === "capture-refused-connections");
    expect(found.map((f) => f.id)).toEqual(["capture-refused-connections:127.0.0.1:6633"]);
    const [f] = found;
    // one refused, one accepted, by the same (absent) link address: a restart, not two answerers
    expect(f?.severity).toBe("medium");
    expect(f?.title).toBe("1 of 2 connections to 127.0.0.1:6633 refused (RST) in the capture");
    expect(f?.entities).toEqual({ ips: ["127.0.0.1"], ports: [6633], services: ["127.0.0.1:6633"] });
    expect(f?.explanation).toContain("The same answerer accepted some and refused others");
    expect(f?.evidence).toEqual([{ artifact: "pcap/lo.pcapng", lineStart: 0, lineEnd: 0, excerpt: "1 of 2 connection attempts to 127.0.0.1:6633 answered by RST", quote: "summary" }]);
    expect(f?.ts).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("finds no unanswered SYNs where every SYN got an answer", () => {
    expect(result.findings.filter((f) => f.ruleId === "capture-unanswered-syns")).toEqual([]);
    expect(result.notEvaluated.map((n) => n.ruleId)).not.toContain("capture-unanswered-syns");
  });
});
