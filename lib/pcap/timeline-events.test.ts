import { describe, expect, it } from "vitest";
import path from "node:path";
import { analyzePcapFile } from "./analyze";
import { pcapTimelineEvents } from "./timeline-events";

describe("pcapTimelineEvents", () => {
  it("puts the capture bounds and each anomaly on the timeline in time order", async () => {
    const s = await analyzePcapFile(path.join(__dirname, "fixtures", "tcpdump-openflow-loopback-refused-rst.pcapng"));
    const ev = pcapTimelineEvents(s, "host/pcap/lo.pcapng");
    expect(ev).toHaveLength(2 + s.anomalies.length);
    expect(ev[0]).toMatchObject({ ts: s.firstTs, source: "pcap", text: "capture starts (174 packets, 21 flows)" });
    expect(ev.at(-1)).toMatchObject({ ts: s.lastTs, text: "capture ends" });
    expect(ev.map((e) => e.ts)).toEqual([...ev.map((e) => e.ts)].sort());
    expect(ev.find((e) => e.text.startsWith("SYN 127.0.0.1:56439"))?.severity).toBe("medium");
  });
});
