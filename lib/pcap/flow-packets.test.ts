import { describe, expect, it } from "vitest";
import path from "node:path";
import { analyzePcapFile } from "./analyze";
import { flagText, isoToUs, readFlowPackets } from "./flow-packets";
import { readChunks } from "./read-file";
import { RATE_BUCKETS, RateHistogram, R_RST, R_SYN } from "./rate-histogram";
import { CORPUS_CAPTURES, tshark } from "@/test/support/pcap/pcap-helpers";
import type { Flow } from "./types";

const FIX = path.join(__dirname, "fixtures");
const FILES = CORPUS_CAPTURES;

const FIELDS = ["frame.number", "frame.time_epoch", "ip.src", "ipv6.src", "tcp.srcport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.len", "frame.len", "eth.src", "sll.src.eth", "eth.dst"];

/** tshark's rows for one conversation (both directions), in our FlowPacket shape, inside the flow's time span. */
async function tsharkFlow(file: string, f: Flow) {
  const fam = f.src.includes(":") ? "ipv6" : "ip";
  const filter = `${fam}.addr==${f.src} && ${fam}.addr==${f.dst} && tcp.port==${f.sport} && tcp.port==${f.dport}`;
  const out = await tshark(["-r", file, "-Y", filter, "-T", "fields", "-E", "occurrence=f", ...FIELDS.flatMap((x) => ["-e", x])]);
  const lo = isoToUs(f.firstTs);
  const hi = isoToUs(f.lastTs);
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [frame, epoch, src4, src6, sport, flags, seq, ack, len, flen, esrc, ssrc, edst] = line.split("\t");
      const fl = Number(flags);
      return {
        us: Math.round(Number(epoch) * 1e6),
        row: {
          frame: Number(frame),
          dir: (src4 || src6) === f.src && Number(sport) === f.sport ? "out" : "in",
          flags: flagText(fl),
          seq: Number(seq),
          ack: fl & 0x10 ? Number(ack) : null,
          len: Number(len),
          wireLen: Number(flen),
          srcMac: esrc || ssrc || null,
          dstMac: edst || null,
        },
      };
    })
    .filter((r) => r.us >= lo && r.us <= hi)
    .map((r) => r.row);
}

describe.each(FILES)("per-flow packet list of %s", (name) => {
  const file = path.join(FIX, name);

  it("lists, for every TCP conversation, tshark's frames with their flags, seq/ack, lengths and MACs", async () => {
    const s = await analyzePcapFile(file);
    // At most 12 conversations per file: each costs a tshark run.
    const flows = s.flows.filter((f) => f.proto === "tcp").slice(0, 12);
    expect(flows.length).toBeGreaterThan(0);
    for (const f of flows) {
      const got = await readFlowPackets(readChunks(file), f);
      expect(got.error).toBeNull();
      expect(got.packets).toHaveLength(f.packetsOut + f.packetsIn);
      // The summary names the flow's first record; reading without it gives the same list.
      expect(got.packets[0]!.frame).toBe(f.firstFrame);
      expect(await readFlowPackets(readChunks(file), { ...f, firstFrame: undefined })).toEqual(got);
      const want = await tsharkFlow(file, f);
      expect(got.packets.map(({ frame, dir, flags, seq, ack, len, wireLen, srcMac, dstMac }) => ({ frame, dir, flags, seq, ack, len, wireLen, srcMac, dstMac }))).toEqual(want);
    }
  });

  it("stops at the cap and says so", async () => {
    const s = await analyzePcapFile(file);
    const f = s.flows.filter((x) => x.proto === "tcp").sort((a, b) => b.packetsOut + b.packetsIn - (a.packetsOut + a.packetsIn))[0]!;
    const got = await readFlowPackets(readChunks(file), f, { max: 1 });
    expect(got.packets).toHaveLength(1);
    expect(got.truncated).toBe(f.packetsOut + f.packetsIn > 1);
  });
});

describe("rate histogram", () => {
  it.each(FILES)("%s: SYN and RST series add up to tshark's SYN-without-ACK and RST frames", async (name) => {
    const file = path.join(FIX, name);
    const s = await analyzePcapFile(file);
    const count = async (filter: string) => (await tshark(["-r", file, "-Y", filter, "-T", "fields", "-e", "frame.number"])).split("\n").filter(Boolean).length;
    const sum = (a: number[] | undefined) => (a ?? []).reduce((x, y) => x + y, 0);
    const syn = await count("tcp.flags.syn==1 && tcp.flags.ack==0");
    const rst = await count("tcp.flags.reset==1");
    // The flow table reads the first tap each way: -i any captures (Linux cooked) count a
    // forwarded segment once, tshark once per interface, so only those may be fewer.
    const sll = name.includes("linux-sll");
    if (sll) expect(sum(s.rates?.syn)).toBeLessThanOrEqual(syn);
    else expect(sum(s.rates?.syn)).toBe(syn);
    if (sll) expect(sum(s.rates?.rst)).toBeLessThanOrEqual(rst);
    else expect(sum(s.rates?.rst)).toBe(rst);
    expect(sum(s.rates?.retrans)).toBe(s.flows.reduce((x, f) => x + f.retransmissions, 0));
    expect(sum(s.rates?.syn)).toBe(s.flows.reduce((x, f) => x + f.synCount, 0));
  });

  it("doubles the bucket width to keep a long capture in a fixed number of buckets, losing no event", () => {
    const h = new RateHistogram();
    const t0 = 1_767_225_600_000_000;
    const times = [0, 500, 999_999, 60_000_000, 3_600_000_000].map((d) => t0 + d);
    for (const t of times) h.add(R_SYN, t);
    h.add(R_RST, t0 - 10); // a packet stamped just before the first: bucket 0
    const r = h.series()!;
    expect(r.syn.reduce((a, b) => a + b, 0)).toBe(times.length);
    expect(r.rst[0]).toBe(1);
    expect(r.syn.length).toBeLessThanOrEqual(RATE_BUCKETS);
    expect(r.widthUs * RATE_BUCKETS).toBeGreaterThan(3_600_000_000);
    expect(r.widthUs * (RATE_BUCKETS / 2)).toBeLessThanOrEqual(3_600_000_000);
    // The last event sits in the bucket its time names.
    expect(r.syn[Math.floor((times.at(-1)! - isoToUs(r.startTs)) / r.widthUs)]).toBe(1);
    expect(new RateHistogram().series()).toBeNull();
  });
});
