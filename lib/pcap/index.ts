/**
 * lib/pcap public surface (server side: reads files; no "server-only" marker because the CLI
 * and vitest import it outside a React server build, where that marker throws).
 *
 *   analyzePcapFile(path, opts?)            -> Promise<PcapSummary>
 *   analyzePcapStream(asyncIterable, opts?) -> Promise<PcapSummary>   (archive entry bodies)
 *   attributePcap(summary, nodeFacts)       -> PcapAttribution        (MAC/IP -> interface, netns)
 *
 * Neither analyze function throws for content: a corrupt or truncated capture gives the
 * summary of everything before the bad record plus `error: { offset, message }`; a file that
 * is not a capture gives format "unknown".
 */
export { analyzePcapFile, analyzePcapStream } from "./analyze";
export { attributePcap } from "./attribute";
export type * from "./types";
export type { NodeFacts, FactInterface, Place, AttributedAnomaly, AttributedGroup, PcapAttribution } from "./attribute";
