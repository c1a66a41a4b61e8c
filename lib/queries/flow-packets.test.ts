import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyzePcapFile } from "@/lib/pcap/analyze";
import { readFlowPackets } from "@/lib/pcap/flow-packets";
import { readChunks } from "@/lib/pcap/read-file";

vi.mock("server-only", () => ({}));

// The Packets page's reads on a real stored original (a .tar.gz in a temp data directory).
const CAPTURE = path.resolve("lib/pcap/fixtures/tcpdump-openflow-loopback-refused-rst.pcapng");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nb-flowpk-"));
let q: { get: typeof import("./get-flow-packets"); list: typeof import("./list-conversations"); storage: typeof import("@/lib/storage") };

beforeAll(async () => {
  process.env.NETBUNDLE_DATA_DIR = path.join(dir, "data");
  q = { get: await import("./get-flow-packets"), list: await import("./list-conversations"), storage: await import("@/lib/storage") };
  const src = path.join(dir, "src", "netbundle-x-20261123T120000Z");
  fs.mkdirSync(path.join(src, "pcap"), { recursive: true });
  fs.mkdirSync(path.join(src, "other"), { recursive: true });
  fs.writeFileSync(path.join(src, "manifest.json"), "{}");
  // A decoy with the same file name deeper down: only the top folder's pcap/lo.pcap is the artifact.
  fs.writeFileSync(path.join(src, "other", "lo.pcap"), "not a capture");
  fs.copyFileSync(CAPTURE, path.join(src, "pcap", "lo.pcap"));
  const tgz = path.join(dir, "b.tar.gz");
  execFileSync("tar", ["-czf", tgz, "-C", path.join(dir, "src"), "netbundle-x-20261123T120000Z/manifest.json", "netbundle-x-20261123T120000Z/other/lo.pcap", "netbundle-x-20261123T120000Z/pcap/lo.pcap"]);
  await q.storage.blobStore.putOriginal("b1", tgz, "tar.gz");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("getFlowPackets", () => {
  it("reads a flow's packets from the capture inside the stored archive, as from the file itself", async () => {
    const s = await analyzePcapFile(CAPTURE);
    for (const flow of s.flows.slice(0, 5)) {
      const got = await q.get.getFlowPackets({ bundleId: "b1", artifact: "pcap/lo.pcap", flow });
      expect("packets" in got).toBe(true);
      const want = await readFlowPackets(readChunks(CAPTURE), flow, { max: q.get.FLOW_PACKETS_MAX });
      expect(got).toEqual(want);
      expect(want.packets.length).toBe(flow.packetsOut + flow.packetsIn);
    }
  });

  it("says what is missing instead of throwing", async () => {
    const s = await analyzePcapFile(CAPTURE);
    expect(await q.get.getFlowPackets({ bundleId: "b1", artifact: "pcap/none.pcap", flow: s.flows[0]! })).toEqual({ error: "pcap/none.pcap is not in the stored archive" });
    expect(await q.get.getFlowPackets({ bundleId: "b2", artifact: "pcap/lo.pcap", flow: s.flows[0]! })).toEqual({ error: "the bundle's original archive is not stored" });
  });
});

describe("listConversations", () => {
  it("gives every listed flow a row with totals, and places its ends in a netns by MAC before address", async () => {
    const s = await analyzePcapFile(CAPTURE);
    const f0 = s.flows[0]!;
    // The corpus capture is loopback (no MACs, one address): ends moved to a duplicate-IP layout.
    const dup = { ...f0, src: "198.18.0.1", dst: "198.18.0.5", srcMacs: [], dstMacs: ["02:00:00:00:00:0b"] };
    const other = { ...f0, src: "198.18.0.7", dst: "198.18.0.5", srcMacs: ["02:00:00:00:00:99"], dstMacs: [] };
    const summary = { ...s, flows: [dup, other, ...s.flows.slice(1)] };
    const model = {
      namespaces: [{ type: "net", inode: 4026532001, holders: [{ kind: "name", path: "/run/netns/blue" }] }],
      netns: [
        { inode: 4026532001, interfaces: [{ name: "eth0", mac: "02:00:00:00:00:0a" }], addresses: [{ address: "198.18.0.5/24", ifname: "eth0" }, { address: "198.18.0.1/24", ifname: "eth0" }] },
        { inode: 4026532002, interfaces: [{ name: "eth0", mac: "02:00:00:00:00:0b" }], addresses: [{ address: "198.18.0.5/24", ifname: "eth0" }] },
      ],
    } as unknown as Parameters<typeof q.list.listConversations>[0];
    const { rows, total } = q.list.listConversations(model, summary);
    expect(total).toBe(s.totalFlows);
    expect(rows).toHaveLength(summary.flows.length);
    expect(rows[2]).toMatchObject({ index: 2, packets: s.flows[1]!.packetsOut + s.flows[1]!.packetsIn, bytes: s.flows[1]!.bytesOut + s.flows[1]!.bytesIn });
    // The answering MAC names its netns although both hold 198.18.0.5; the client is found by its (unique) address.
    expect(rows[0]).toMatchObject({ srcNetns: "4026532001 (/run/netns/blue)", dstNetns: "4026532002" });
    // An unknown MAC falls back to the address; an address held twice names neither.
    expect(rows[1]).toMatchObject({ srcNetns: null, dstNetns: null });
  });
});
