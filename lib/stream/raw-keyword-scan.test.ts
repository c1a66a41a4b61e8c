import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadRuleSet } from "@/lib/rules";
import { LabelCheck, rawScanKeywords } from "@/lib/stream/raw-keyword-scan";
import { compileSignals } from "@/lib/stream/signal-matcher";

describe("raw keyword scan safety", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nb-rks-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is used with the built-in keywords, which are plain ASCII", () => {
    expect(rawScanKeywords(compileSignals(loadRuleSet().signals))).toEqual(expect.arrayContaining(["CNI_COMMAND=DEL", "panic:", ".service: "]));
  });

  it("is refused when a keyword has a character JSON writers escape", () => {
    fs.writeFileSync(path.join(dir, "quoted.json"), JSON.stringify({
      id: "quoted", type: "log-signal", severity: "low", summary: "s", needs: [{ kinds: ["log"], what: "log" }],
      signals: [{ id: "quoted", keywords: ['pod="web"'], pattern: 'pod="web"' }],
      title: "t", explanation: "e", remediation: "r", references: [],
    }));
    expect(rawScanKeywords(compileSignals(loadRuleSet(dir).signals))).toBeNull();
  });

  it("asks for the exact scan when the label holds or starts a keyword", () => {
    const check = new LabelCheck(compileSignals(loadRuleSet().signals));
    expect(check.labelNeedsExactScan("kubelet")).toBe(false);
    // "iptables-restore: ..." holds the keyword iptables-restore before any message text.
    expect(check.labelNeedsExactScan("iptables-restore")).toBe(true);
    // "containerd.service: " ends with the keyword ".service: " itself.
    expect(check.labelNeedsExactScan("containerd.service")).toBe(true);
    expect(check.labelNeedsExactScan("kubelet")).toBe(false);
  });
});
