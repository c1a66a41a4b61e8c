/**
 * Build a TimeContext from what the manifest and host/ files tell (BundleInfo fields).
 *
 * The offset is taken from the node clock text (`2026-11-23T13:00:00+0100` → +3600) when
 * present, because its sign cannot be misread. BundleInfo.utcOffsetSeconds is documented as
 * "seconds to add to node-local time to get UTC", i.e. the NEGATED conventional offset; it is
 * used (negated back) only when the node clock text is missing.
 */
import { parseZoneAt } from "@/lib/time/parse-iso";
import type { TimeContext } from "@/lib/time/types";

export interface BundleTimeFacts {
  collectedAt: string | null;
  nodeClock: string | null;
  utcOffsetSeconds: number | null;
  bootTime: string | null;
}

/** Conventional offset (+3600 for +0100) from the trailing zone of an ISO stamp. */
export function offsetFromNodeClock(nodeClock: string): number | null {
  const m = /([+-]\d\d:?\d\d|Z)$/.exec(nodeClock.trim());
  if (!m) return null;
  return parseZoneAt(m[1] ?? "", 0)?.offsetSeconds ?? null;
}

/** The parts of the manifest, uptime and boot-time records that place a bundle in time. */
export interface TimeFactSources {
  collectedAt?: { utc?: string | null; node?: string | null } | null;
  uptime?: { nodeClock?: string | null; utcOffsetSeconds?: number | null; collectedAtUtc?: string | null; bootedAtUtc?: string | null };
  boot?: { bootedAtUtc?: string | null };
}

/**
 * The manifest first, uptime and boot-time filling the gaps. Used by the stream stage (to
 * place log stamps while it reads) and by the model's BundleInfo alike, so both agree.
 */
export function bundleTimeFacts(s: TimeFactSources): BundleTimeFacts {
  const nodeClock = s.collectedAt?.node ?? s.uptime?.nodeClock ?? null;
  const offset = nodeClock ? offsetFromNodeClock(nodeClock) : (s.uptime?.utcOffsetSeconds ?? null);
  return {
    collectedAt: s.collectedAt?.utc ?? s.uptime?.collectedAtUtc ?? null,
    nodeClock,
    // BundleTimeFacts' convention: seconds to ADD to node-local time to get UTC.
    utcOffsetSeconds: offset === null ? null : -offset,
    bootTime: s.boot?.bootedAtUtc ?? s.uptime?.bootedAtUtc ?? null,
  };
}

function epochOf(iso: string | null): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export function timeContextFromBundle(b: BundleTimeFacts): TimeContext {
  const fromClock = b.nodeClock ? offsetFromNodeClock(b.nodeClock) : null;
  const fromInfo = b.utcOffsetSeconds === null ? null : -b.utcOffsetSeconds;
  return {
    utcOffsetSeconds: fromClock ?? fromInfo,
    referenceEpochMs: epochOf(b.collectedAt),
    bootEpochMs: epochOf(b.bootTime),
  };
}
