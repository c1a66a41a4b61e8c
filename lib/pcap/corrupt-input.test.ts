import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { analyzePcapFile } from "./analyze";
import { analyzeBuffer, recordStarts } from "@/test/support/pcap/pcap-helpers";

const FIX = path.join(__dirname, "fixtures");
const load = (n: string) => readFileSync(path.join(FIX, n));
const CLASSIC = "tcpdump-dns-over-tcp-syn-to-fin.pcap";
const NG = "tcpdump-openflow-loopback-refused-rst.pcapng";

describe("truncated captures", () => {
  it.each([CLASSIC, "tcpdump-mptcp-session-ending-rst.pcap", NG])("%s cut at every offset keeps the whole records before the cut", async (name) => {
    const full = load(name);
    const { packets, units } = recordStarts(full);
    const step = full.length > 5000 ? 97 : 1;
    for (let cut = 4; cut < full.length; cut += step) {
      const s = await analyzeBuffer(full.subarray(0, cut), 1 + (cut % 700));
      const whole = packets.filter((p) => p < cut && (units.find((u) => u > p) ?? full.length) <= cut).length;
      expect(s.packets, `cut ${cut}`).toBe(whole);
      const boundary = units.includes(cut);
      if (boundary) expect(s.error, `cut ${cut}`).toBeNull();
      else {
        const recordStart = Math.max(...units.filter((u) => u < cut));
        expect(s.error?.offset, `cut ${cut}`).toBe(recordStart);
        expect(s.error?.message).toMatch(/^truncated: .*offset \d+/);
      }
    }
  });
});

describe("corrupt length fields", () => {
  it("stops at the classic record whose incl_len is impossible, keeping the packets before it", async () => {
    const full = load(CLASSIC);
    const { packets } = recordStarts(full);
    for (const [i, at] of packets.entries()) {
      for (const bad of [0x7fffffff, 262145, 0x00010000 + full.readUInt32LE(at + 8)]) {
        const b = Buffer.from(full);
        b.writeUInt32LE(bad, at + 8);
        const s = await analyzeBuffer(b, 100);
        expect(s.packets).toBe(i);
        expect(s.error?.offset).toBe(at);
        expect(s.error?.message).toContain(`offset ${at}`);
      }
    }
  });

  it("stops at the pcapng block whose total length is flipped", async () => {
    const full = load(NG);
    const { packets } = recordStarts(full);
    for (const [i, at] of packets.entries()) {
      if (i % 7 !== 0) continue;
      for (const delta of [4, 0x01000000]) {
        const b = Buffer.from(full);
        b.writeUInt32LE(b.readUInt32LE(at + 4) + delta, at + 4);
        const s = await analyzeBuffer(b, 4096);
        expect(s.packets, `block ${i}`).toBe(i);
        expect(s.error?.offset, `block ${i}`).toBe(at);
        // Everything before the bad block is still analysed into flows.
        expect(s.flows.reduce((n, f) => n + f.packetsIn + f.packetsOut, 0)).toBe(i);
      }
    }
  });

  it("never hangs or throws on random byte flips", async () => {
    const full = load(NG);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let n = 0; n < 300; n++) {
      const b = Buffer.from(full);
      for (let k = 0; k < 4; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const s = await analyzeBuffer(b, 1 + Math.floor(rnd() * 5000));
      expect(s.packets).toBeLessThanOrEqual(174);
      if (s.error) expect(s.error.offset).toBeLessThan(b.length);
    }
  });
});

describe("not a capture", () => {
  it("says so with format unknown and an error at offset 0", async () => {
    const s = await analyzePcapFile(path.join(FIX, "PROVENANCE.md"));
    expect(s.format).toBe("unknown");
    expect(s.error).toEqual({ offset: 0, message: expect.stringMatching(/^not a capture: unknown magic 0x/) });
    const empty = await analyzeBuffer(Buffer.alloc(0));
    expect(empty.format).toBe("unknown");
    expect(empty.error?.message).toMatch(/^not a capture/);
  });
});
