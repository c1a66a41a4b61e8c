import { TIMELINE_SOURCES as SOURCES, type TimelineSource } from "@/lib/stream/types";

// One colour per timeline source, shared by the histogram, its legend and the event rows.
export const SOURCE_COLOR: Record<TimelineSource, string> = {
  journal: "#0284c7",
  log: "#7c3aed",
  process: "#059669",
  netns: "#d97706",
  pcap: "#db2777",
  finding: "#dc2626",
  file: "#64748b",
};
export const TIMELINE_SOURCES: string[] = [...SOURCES];
export function sourceColor(s: string): string {
  return SOURCE_COLOR[s as TimelineSource] ?? "#71717a";
}
