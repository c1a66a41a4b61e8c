import { describe, expect, it } from "vitest";
import { ZTimelineFilter } from "./timeline-filter-params";

describe("ZTimelineFilter", () => {
  it("splits lists and trims the text", () => {
    const f = ZTimelineFilter.parse({ from: "10", sources: "journal,pcap", severities: "", q: "  veth " });
    expect(f).toEqual({ from: 10, sources: ["journal", "pcap"], severities: [], q: "veth" });
  });

  it("keeps only known sources and severities, each once, so no query expands a hostile list", () => {
    const f = ZTimelineFilter.parse({ sources: "pcap,nope,pcap,journal,'); DROP", severities: "high,bogus,high" });
    expect(f.sources).toEqual(["pcap", "journal"]);
    expect(f.severities).toEqual(["high"]);
    expect(ZTimelineFilter.safeParse({ sources: "journal,".repeat(500) }).success).toBe(false);
  });
});
