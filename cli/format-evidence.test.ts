// The CLI's text and markdown reports tell verbatim artifact lines from text the analysis
// wrote (matched log records, capture summaries), and JSON adds `quote` without renaming
// anything. Runs analyzeBundle on the committed demo bundle (scenarios 1+3 with kubelet log
// lines: see demo/README.md), whose cni-del-failure evidence is a matched log record.
import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import type { AnalysisResult } from "@/lib/analyze/types";
import type { Finding } from "@/lib/rules/finding";
import { toTextReport } from "@/cli/format-text";
import { toMarkdownReport } from "@/cli/format-markdown";
import { toJsonReport } from "@/cli/format-json";

const DEMO = path.resolve(__dirname, "../e2e/fixtures/demo-bundle.tar.gz");

describe("evidence in the CLI reports", () => {
  let r: AnalysisResult;
  const bodies = new Map<string, string>();
  let cni: Finding;
  beforeAll(async () => {
    r = await analyzeBundle(DEMO, { onArtifactBody: (meta, body) => void (body && bodies.set(meta.path, body.toString("utf8"))) });
    cni = r.findings.find((f) => f.ruleId === "cni-del-failure")!;
  });

  it("a log-signal finding cites the record's line, as a quote that is not that line's text", () => {
    const ev = cni.evidence[0]!;
    expect(ev.quote).toBe("log-record");
    const line = bodies.get(ev.artifact)?.split("\n")[ev.lineStart - 1] ?? "";
    // the line holds the message, but with the log's own prefix: the excerpt is not the line
    expect(line).toContain("Error deleting default_web-7d4b9c-x2k4q from network mynet/mynet");
    expect(ev.excerpt).toMatch(/^kubelet\.log: Error deleting/);
    expect(line).not.toBe(ev.excerpt);
  });

  it("text: a quote says where and what it is; verbatim lines keep path:line", () => {
    const text = toTextReport(r);
    const ev = cni.evidence[0]!;
    expect(text).toContain(`${ev.artifact}, line ${ev.lineStart} (log-record)  kubelet.log: Error deleting`);
    const dup = r.findings.find((f) => f.ruleId === "duplicate-ip")!.evidence[0]!;
    expect(dup.quote).toBeUndefined();
    const range = dup.lineEnd > dup.lineStart ? `${dup.lineStart}-${dup.lineEnd}` : `${dup.lineStart}`;
    expect(text).toContain(`${dup.artifact}:${range}  ${dup.excerpt.slice(0, 40)}`);
  });

  it("markdown: the quote's heading says it is not the raw line; file lines keep their range", () => {
    const md = toMarkdownReport(r);
    expect(md).toMatch(/Evidence logs\/files\/\S+kubelet\.log, line 2 \(log record as matched, not the raw line\)\n`{3,}\nkubelet\.log: Error deleting/);
    expect(md).toMatch(/Evidence netns\/\d+/);
  });

  it("a capture summary (lineStart 0) shows no line in text or markdown", () => {
    const pcap = { artifact: "pcap/node.pcap", lineStart: 0, lineEnd: 0, excerpt: "SYN 198.18.0.5:80 answered by RST,ACK in 15 µs" };
    const withPcap: AnalysisResult = { ...r, findings: [{ ...cni, evidence: [pcap] }] };
    expect(toTextReport(withPcap)).toContain("       pcap/node.pcap (summary)  SYN 198.18.0.5:80");
    expect(toMarkdownReport(withPcap)).toContain("Evidence pcap/node.pcap (summary by the analysis, not a file excerpt)");
  });

  it("JSON keeps every evidence field and adds quote only where set", () => {
    const j = toJsonReport(r);
    const ev = j.findings.find((f) => f.ruleId === "cni-del-failure")!.evidence[0]!;
    expect(Object.keys(ev)).toEqual(["artifact", "lineStart", "lineEnd", "excerpt", "quote"]);
    const dup = j.findings.find((f) => f.ruleId === "duplicate-ip")!.evidence[0]!;
    expect(Object.keys(dup)).toEqual(["artifact", "lineStart", "lineEnd", "excerpt"]);
  });
});
