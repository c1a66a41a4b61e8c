import { describe, expect, it } from "vitest";
import path from "node:path";
import { analyzePcapFile } from "./analyze";
import { attributePcap } from "./attribute";

const FIX = path.join(__dirname, "fixtures");

describe("attributePcap", () => {
  it("names the interface and netns whose MAC sent the RST", async () => {
    const s = await analyzePcapFile(path.join(FIX, "tcpdump-mptcp-session-ending-rst.pcap"));
    const rst = s.anomalies.find((a) => a.kind === "rst-midstream");
    expect(rst?.fromMac).toBe("d6:06:3c:4a:35:7a");
    const out = attributePcap(s, {
      interfaces: [
        { netns: 4026531840, ifname: "eth0", mac: "16:51:53:04:3f:55", addresses: ["10.1.1.2/24"] },
        { netns: 4026532999, ifname: "veth-srv", mac: "D6:06:3C:4A:35:7A", addresses: ["10.2.1.2/24"] },
      ],
      holders: { 4026532999: ["pid 812 (nginx)"] },
    });
    const a = out.anomalies.find((x) => x.kind === "rst-midstream");
    expect(a?.from).toEqual([{ netns: 4026532999, ifname: "veth-srv", by: "mac", holders: ["pid 812 (nginx)"] }]);
    expect(a?.text).toContain("MAC d6:06:3c:4a:35:7a on veth-srv in netns 4026532999 (held by pid 812 (nginx))");
    expect(out.ips["10.2.1.2"]?.[0]?.ifname).toBe("veth-srv");
  });

  it("falls back to the IP owner when no MAC matches, and says nothing when nothing matches", async () => {
    const s = await analyzePcapFile(path.join(FIX, "tcpdump-mptcp-session-ending-rst.pcap"));
    const byIp = attributePcap(s, { interfaces: [{ netns: 7, ifname: "eth1", mac: "02:00:00:00:00:01", addresses: ["10.2.1.2"] }] });
    expect(byIp.anomalies.find((x) => x.kind === "rst-midstream")?.from).toEqual([{ netns: 7, ifname: "eth1", by: "ip", holders: [] }]);
    const none = attributePcap(s, { interfaces: [] });
    const a = none.anomalies.find((x) => x.kind === "rst-midstream");
    expect(a?.from).toEqual([]);
    expect(a?.text).toBe(a?.message);
  });
});
