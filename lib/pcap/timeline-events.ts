/**
 * Timeline events from a capture: its start and end, and one event per kept anomaly, so the
 * bundle timeline can show "SYN refused" next to the journal line that explains it.
 */
import type { TimelineEvent } from "@/lib/model/types";
import type { PcapSummary } from "./types";

export function pcapTimelineEvents(s: PcapSummary, artifact: string): TimelineEvent[] {
  const label = `pcap ${s.file || artifact}`;
  const out: TimelineEvent[] = [];
  if (s.firstTs) out.push({ ts: s.firstTs, source: "pcap", severity: "info", label, text: `capture starts (${s.packets} packets, ${s.totalFlows} flows)`, artifact });
  for (const a of s.anomalies) out.push({ ts: a.ts, source: "pcap", severity: a.severity, label, text: a.count > 1 ? `${a.message} [${a.count}×]` : a.message, artifact });
  if (s.lastTs) out.push({ ts: s.lastTs, source: "pcap", severity: "info", label, text: s.error ? `capture ends early: ${s.error.message}` : "capture ends", artifact });
  return out.sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : 0));
}
