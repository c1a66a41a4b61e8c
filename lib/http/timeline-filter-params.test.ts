import { describe, expect, it } from "vitest";
import { ZTimelineFilter } from "./timeline-filter-params";

describe("ZTimelineFilter", () => {
  it("splits lists and trims the text", () => {
    const f = ZTimelineFilter.parse({ from: "10", sources: "journal,pcap", severities: "", q: "  veth " });
    expect(f).toEqual({ from: 10, sources: ["journal", "pcap"], severities: [], q: "veth" });
  });
});
