/** A packet capture in the bundle: streamed through lib/pcap, bounded whatever its size. */
import type { EntryBody } from "@/lib/archive";
import { analyzePcapStream } from "@/lib/pcap";
import type { CaptureInfo } from "@/lib/stream/types";

export async function analyzeCapture(path: string, body: EntryBody): Promise<CaptureInfo> {
  const summary = await analyzePcapStream(body.chunks(), { name: path });
  return {
    artifact: path,
    packets: summary.packets,
    firstTs: summary.firstTs,
    lastTs: summary.lastTs,
    error: summary.error ? `capture damaged at byte ${summary.error.offset}: ${summary.error.message}` : null,
    summary,
  };
}
