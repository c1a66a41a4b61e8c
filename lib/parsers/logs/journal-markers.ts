/**
 * journalctl's `-- ... --` marker lines. The "Logs begin at X, end at Y" header (systemd
 * < 246: "-- Logs begin at ..."; newer: "-- Journal begins at ..., ends at ... --") gives a
 * year and zone for year-less `-o short` lines when the bundle has no collection time.
 */
import { parseWeekdayIso, zoneAbbrevOffset } from "@/lib/time/parse-other";
import type { Instant } from "@/lib/time/types";

export type JournalMarker =
  | { kind: "range"; end: Instant | null; endOffsetSeconds: number | null }
  | { kind: "boot"; bootId: string | null }
  | { kind: "no-entries" }
  | { kind: "other"; text: string };

/** Marker meaning of a `-- ... --` line, or null when the line is not a marker. */
export function readMarker(line: string): JournalMarker | null {
  if (!line.startsWith("-- ") || !line.endsWith(" --")) return null;
  const body = line.slice(3, -3).trim();
  if (body === "No entries") return { kind: "no-entries" };
  if (body === "Reboot") return { kind: "boot", bootId: null };
  if (body.startsWith("Boot ")) {
    const id = body.slice(5).trim();
    return { kind: "boot", bootId: /^[0-9a-f]{32}$/.test(id) ? id : null };
  }
  const m = /^(?:Logs begin at|Journal begins at) .*?, (?:end at|ends at) (.*?)\.?$/.exec(body);
  if (m && m[1] !== undefined) {
    const end = parseWeekdayIso(m[1]);
    const zone = m[1].slice(m[1].lastIndexOf(" ") + 1);
    return { kind: "range", end: end?.t ?? null, endOffsetSeconds: end?.zoneKnown ? zoneAbbrevOffset(zone) : null };
  }
  return { kind: "other", text: body };
}
