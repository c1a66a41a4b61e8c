import type { Prisma } from "@/lib/generated/prisma";
import type { TTimelineScope } from "./shown-timeline-generation";

/**
 * The timeline's window + filter, shared by the histogram and the event list so both always
 * show the same selection (lib/http/timeline-filter-params.ts reads it from a URL).
 */
export interface TTimelineFilter {
  /** Window start, ms since epoch (inclusive). */
  from?: number;
  /** Window end, ms since epoch (exclusive). */
  to?: number;
  sources: string[];
  severities: string[];
  /** Substring of the event text. */
  q?: string;
}

/** The events of a bundle's shown timeline that a filter selects. */
export function timelineEventWhere({ bundleId, generation }: TTimelineScope, f: TTimelineFilter): Prisma.TimelineEventWhereInput {
  return {
    bundleId,
    generation,
    ...(f.from !== undefined || f.to !== undefined
      ? { ts: { ...(f.from !== undefined ? { gte: new Date(f.from) } : {}), ...(f.to !== undefined ? { lt: new Date(f.to) } : {}) } }
      : {}),
    ...(f.sources.length ? { source: { in: f.sources } } : {}),
    ...(f.severities.length ? { severity: { in: f.severities } } : {}),
    ...(f.q ? { text: { contains: f.q } } : {}),
  };
}
