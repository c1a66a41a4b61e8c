import { z } from "zod";
import type { TTimelineFilter } from "@/lib/queries/timeline-event-where";

/**
 * The timeline filter from URL search params (all strings): ?from=&to= in ms since epoch,
 * ?sources=a,b and ?severities=a,b as comma lists, ?q= the text (trimmed, at most 200).
 * Used by the timeline page and its histogram and events routes, so all read one URL alike.
 */
export const ZTimelineFilter = z.object({
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  sources: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : [])),
  severities: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : [])),
  q: z
    .string()
    .max(200)
    .optional()
    .transform((s) => s?.trim() || undefined),
}) satisfies z.ZodType<TTimelineFilter>;
