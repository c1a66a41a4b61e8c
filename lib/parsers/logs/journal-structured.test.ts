import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { FIXTURES_DIR, loadFixture, runGoldenTests } from "@/test/support/golden";
import { journalJsonParser } from "@/lib/parsers/logs/journal-json";
import { createJournalExportSink, journalExportParser } from "@/lib/parsers/logs/journal-export";
import { journalParser } from "@/lib/parsers/logs/journal";
import { runSink } from "@/lib/parsers/logs/sink-base";

runGoldenTests(journalJsonParser, "journal-json");
runGoldenTests(journalExportParser, "journal-export");

const strip = (r: { ts: string | null; identifier?: string; pid?: number; message: string }) => ({ ts: r.ts, identifier: r.identifier, pid: r.pid, message: r.message });

describe("journal json and export agree with the text output of the same journal", () => {
  const text = journalParser.parse(loadFixture("journal--nbp-gen-short-iso-precise"), { path: "x" }).records;
  const json = journalJsonParser.parse(loadFixture("journal-json--nbp-gen"), { path: "x" }).records;
  const exp = journalExportParser.parse(loadFixture("journal-export--nbp-gen"), { path: "x" }).records;

  it("same entries, instants and multi-line messages (blob entry aside)", () => {
    const notBlob = (r: { message: string }) => !r.message.startsWith("binary") && r.message !== "[23B blob data]";
    // Text output expands TABs; compare the rest.
    const untab = (r: ReturnType<typeof strip>) => ({ ...r, message: r.message.replace(/\t/g, "        ") });
    expect(json.filter(notBlob).map(strip).map(untab)).toEqual(text.filter(notBlob).map(strip));
    expect(exp.filter(notBlob).map(strip)).toEqual(json.filter(notBlob).map(strip));
    expect(json).toHaveLength(11);
  });

  it("decodes a byte-array MESSAGE and carries PRIORITY as level", () => {
    const blob = json.find((r) => r.message.startsWith("binary"));
    expect(blob?.message).toBe("binary \uFFFD\uFFFD payload \u0001 end");
    expect(json.find((r) => r.identifier === "kube-proxy")).toMatchObject({ priority: 3, level: "error", pid: 26734, bootId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it("reads export binary fields byte-exact when given latin1 text", () => {
    const bytes = fs.readFileSync(path.join(FIXTURES_DIR, "journal-export--nbp-gen.txt"));
    const latin = runSink(createJournalExportSink({ path: "x", encoding: "latin1" }), bytes.toString("latin1"));
    expect(latin.records.map((r) => r.message)).toEqual(exp.map((r) => r.message));
    // Read as UTF-8 the 23-byte blob grows to 27 bytes (two U+FFFD): flagged. As latin1: exact.
    expect(journalExportParser.parse(bytes.toString("utf8"), { path: "x" }).warnings).toHaveLength(1);
    expect(latin.warnings).toEqual([]);
  });
});

describe("export edge cases", () => {
  const le = (n: number) => Buffer.from([n & 255, (n >> 8) & 255, 0, 0, 0, 0, 0, 0]).toString("latin1");
  it("copes with a length whose low byte is a newline (10 bytes)", () => {
    const text = `__REALTIME_TIMESTAMP=1795438972533407\nMESSAGE\n${le(10)}abc\ndefghi\nSYSLOG_IDENTIFIER=x\n\n`;
    const r = journalExportParser.parse(text, { path: "x" });
    expect(r.records.map((x) => [x.message, x.identifier, x.line, x.lineEnd])).toEqual([["abc\ndefghi", "x", 1, 6]]);
  });
  it("keeps stray non-export lines as unparsed and still reads the entries around them", () => {
    const r = journalExportParser.parse(loadFixture("journal-export--beats-multiple-boots"), { path: "x" });
    expect(r.records).toHaveLength(6);
    expect(r.unparsed.map((u) => u.text.slice(0, 15))).toEqual(["Sep 17 11:26:36", "Sep 17 11:26:36"]);
    expect(new Set(r.records.map((x) => x.bootId)).size).toBe(3);
  });
  it("is not data when empty; json skips non-JSON lines", () => {
    expect(journalExportParser.parse("", { path: "x" }).notData?.reason).toBe("empty");
    const j = journalJsonParser.parse('{"__REALTIME_TIMESTAMP":"1795438972533407","MESSAGE":"a","_SYSTEMD_UNIT":"kubelet.service"}\r\nnot json\n{broken\n', { path: "x" });
    expect(j.records.map((x) => [x.ts, x.unit, x.message])).toEqual([["2026-11-23T13:02:52.533407Z", "kubelet.service", "a"]]);
    expect(j.unparsed.map((u) => u.line)).toEqual([2, 3]);
  });
});
