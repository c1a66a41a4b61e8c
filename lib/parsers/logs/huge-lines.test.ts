import { describe, expect, it } from "vitest";
import { dmesgParser } from "@/lib/parsers/logs/dmesg";
import { createJournalExportSink, journalExportParser } from "@/lib/parsers/logs/journal-export";
import { journalJsonParser } from "@/lib/parsers/logs/journal-json";
import { MAX_MESSAGE_CHARS, runSink } from "@/lib/parsers/logs/sink-base";

const FIVE_MB = "z".repeat(5 * 1024 * 1024);

describe("5 MB lines are cut, not kept whole, in every parser", () => {
  it("dmesg", () => {
    const r = dmesgParser.parse(`[    1.000000] ${FIVE_MB}\n[    2.000000] next\n`, { path: "x" });
    expect(r.records.map((x) => [x.message.length, x.truncated])).toEqual([[MAX_MESSAGE_CHARS, true], [4, undefined]]);
  });
  it("journal json", () => {
    const r = journalJsonParser.parse(`${JSON.stringify({ __REALTIME_TIMESTAMP: "1795438972533407", MESSAGE: FIVE_MB })}\n`, { path: "x" });
    expect(r.records[0]?.message.length).toBe(MAX_MESSAGE_CHARS);
  });
  it("journal export, as a text field and as a binary field spanning lines", () => {
    const len = Buffer.alloc(8);
    const data = `${FIVE_MB}\n${FIVE_MB}`;
    len.writeBigUInt64LE(BigInt(data.length));
    const text = `__REALTIME_TIMESTAMP=1795438972533407\nMESSAGE=${FIVE_MB}\n\n__REALTIME_TIMESTAMP=1795438972533408\nMESSAGE\n${len.toString("latin1")}${data}\nPRIORITY=3\n\n`;
    const r = journalExportParser.parse(text, { path: "x" });
    expect(r.records.map((x) => [x.message.length, x.priority])).toEqual([[MAX_MESSAGE_CHARS, undefined], [MAX_MESSAGE_CHARS, 3]]);
    // Length 0xA00001 has a byte > 0x7F: unreadable in UTF-8 text, so the data ends at the next field.
    expect(r.warnings.map((w) => w.message)).toEqual(["binary field length unreadable after UTF-8 decoding; data cut at the next field"]);
    const exact = runSink(createJournalExportSink({ path: "x", encoding: "latin1" }), text);
    expect(exact.records.map((x) => x.message.length)).toEqual([MAX_MESSAGE_CHARS, MAX_MESSAGE_CHARS]);
    expect(exact.warnings).toEqual([]);
  });
});
