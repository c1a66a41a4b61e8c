import { z } from "zod";
import type { TTimelineFilter } from "@/lib/queries/timeline-event-where";
import { isSeverity } from "@/lib/rules/finding";
import { TIMELINE_SOURCES } from "@/lib/stream/types";

/** The distinct known items of a comma list. */
function known(list: string | undefined, ok: (x: string) => boolean): string[] {
  return [...new Set((list ?? "").split(",").filter((x) => x && ok(x)))];
}

/**
 * The timeline filter from URL search params (all strings): ?from=&to= in ms since epoch,
 * ?sources=a,b and ?severities=a,b as comma lists of known values (others dropped: a list
 * the queries expand per item is never longer than the vocabulary), ?q= the text (trimmed, at most 200).
 * Used by the timeline page and its histogram and events routes, so all read one URL alike.
 */
export const ZTimelineFilter = z.object({
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  sources: z
    .string()
    .max(1000)
    .optional()
    .transform((s) => known(s, (x) => (TIMELINE_SOURCES as readonly string[]).includes(x))),
  severities: z
    .string()
    .max(1000)
    .optional()
    .transform((s) => known(s, isSeverity)),
  q: z
    .string()
    .max(200)
    .optional()
    .transform((s) => s?.trim() || undefined),
}) satisfies z.ZodType<TTimelineFilter>;
