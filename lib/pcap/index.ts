/** lib/pcap public surface. */
export { analyzePcapFile, analyzePcapStream } from "./analyze";
export { attributePcap } from "./attribute";
export { pcapTimelineEvents } from "./timeline-events";
export type * from "./types";
export type { NodeFacts, AttributedAnomaly, PcapAttribution } from "./attribute";
