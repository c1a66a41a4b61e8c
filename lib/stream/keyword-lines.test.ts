/**
 * The keyword worker may only narrow which records get the full signal match, never change
 * the result: every real journal fixture (text, year-less, and JSON/export content in a
 * `journal` artifact) gives the same signals, counts and records through the worker path as
 * through the inline path. The inline path is what a small artifact takes, so the same
 * body is streamed once declared small and once declared large.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { streamLogArtifact } from "@/lib/stream/log-artifact";
import { KeywordLines, RAW_SCAN_MIN_BYTES } from "@/lib/stream/keyword-lines";
import type { EntryBody } from "@/lib/archive";
import type { LogSignal } from "@/lib/model/types";
import { loadRuleSet } from "@/lib/rules";
import { compileSignals, type SignalMatcher } from "@/lib/stream/signal-matcher";

const FIX = path.join(__dirname, "../parsers/fixtures");
const time = { utcOffsetSeconds: 0, referenceEpochMs: Date.UTC(2026, 10, 23, 14) };

function body(text: string, size: number, piece = 333): EntryBody {
  const buf = Buffer.from(text, "latin1");
  return {
    size,
    async *chunks() {
      // Small pieces: many blocks, so hits cross block edges and the pipeline really overlaps.
      for (let i = 0; i < buf.length; i += piece) yield buf.subarray(i, i + piece);
    },
    toBuffer: async () => buf,
  };
}

async function run(kind: string, artifact: string, text: string, size: number, matcher: SignalMatcher) {
  const signals: LogSignal[] = [];
  const signalCounts = new Map<string, number>();
  let events = 0;
  const r = await streamLogArtifact({
    kind, path: artifact, body: body(text, size), time, matcher, signals, signalCounts,
    emit: () => void events++, flush: async () => undefined,
  });
  return { signals, counts: Object.fromEntries(signalCounts), records: r.recordCount, events, warnings: r.warnings };
}

async function both(kind: string, artifact: string, text: string, matcher = compileSignals(loadRuleSet().signals)) {
  const inline = await run(kind, artifact, text, 1000, matcher);
  const worker = await run(kind, artifact, text, RAW_SCAN_MIN_BYTES * 8, matcher);
  expect(worker).toEqual(inline);
  return worker;
}

const read = (f: string) => fs.readFileSync(path.join(FIX, f), "latin1");

describe("keyword worker path", () => {
  it("finds the same signals as the inline scan in a real journal, also on continuation lines", async () => {
    const r = await both("journal", "logs/journal/all.txt", read("journal--nbp-gen-short-iso-precise.txt"));
    // The klog iptables-restore failure: "Chain ... does not exist" sits on a continuation line.
    expect(Object.keys(r.counts)).toEqual(expect.arrayContaining(["iptables-restore-failed", "iptables-missing-chain", "runtime-stopping"]));
    expect(r.signals.find((s) => s.signal === "iptables-missing-chain")?.groups.chain).toBe("KUBE-MARK-DROP");
  });

  it("treats JSON and export content in a journal artifact exactly (no raw-line narrowing)", async () => {
    const json = await both("journal", "logs/journal/all.json", read("journal-json--nbp-gen.txt"));
    expect(json.signals.length).toBeGreaterThan(0);
    await both("journal", "logs/journal/all.export", read("journal-export--nbp-gen.txt"));
  });

  it("agrees on year-less journals and on a long mostly-quiet journal", async () => {
    await both("journal", "logs/journal/kube-proxy.txt", read("journal--hotsos-k8s-kube-proxy.txt"));
    const quiet = read("journal--nbp-gen-short-iso.txt");
    const r = await both("journal", "logs/journal/big.txt", Array.from({ length: 40 }, () => quiet).join(""));
    expect(r.records).toBeGreaterThan(40);
  });

  it("stops narrowing, and stays exact, when flagged lines pile up unclaimed by any record", async () => {
    const saved = KeywordLines.maxPendingFlags;
    KeywordLines.maxPendingFlags = 10;
    try {
      // 50 unparsable lines full of keywords (no stamp: no record claims them), then real entries.
      const junk = Array.from({ length: 50 }, (_, i) => `junk ${i}: Orphaned pod "x${i}" found`).join("\n");
      const r = await both("journal", "logs/journal/junk.txt", `${junk}\n${read("journal--nbp-gen-short-iso-precise.txt")}`);
      expect(Object.keys(r.counts)).toEqual(expect.arrayContaining(["iptables-restore-failed", "iptables-missing-chain"]));
    } finally {
      KeywordLines.maxPendingFlags = saved;
    }
  });

  describe("a keyword that the label completes", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nb-kwl-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, "app-boom.json"), JSON.stringify({
      id: "app-boom", type: "log-signal", severity: "low", summary: "app went boom",
      needs: [{ kinds: ["log"], what: "app log" }],
      signals: [{ id: "app-boom", keywords: ["app: boom"], pattern: "app: boom (?<n>\\d+)" }],
      title: "boom", explanation: "boom {lines}", remediation: "none", references: [],
    }));

    it("is found although no raw line contains the keyword (the file name is the label)", async () => {
      // No program in the lines, so the label is the file's name: "app: boom 7" exists only joined.
      const text = "2026-11-23T10:00:00Z starting\n2026-11-23T10:00:01Z boom 7\n2026-11-23T10:00:02Z quiet\n";
      const r = await both("log", "logs/files/__var__log__app", text, compileSignals(loadRuleSet(dir).signals));
      expect(r.signals.map((s) => [s.signal, s.line, s.groups.n])).toEqual([["app-boom", 2, "7"]]);
    });
  });
});
