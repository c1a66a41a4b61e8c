/** Timestamp parsing and normalisation: node-printed stamps → UTC epoch ms + ISO text. */
export type { Instant, TimeContext } from "@/lib/time/types";
export { toIsoUtc, civilToEpochMs } from "@/lib/time/civil";
export { parseIso, parseIsoAt, parseZoneAt } from "@/lib/time/parse-iso";
export { resolveYearLess, parseSyslogStampAt, parseKlogStampAt, parseClockAt } from "@/lib/time/parse-year-less";
export {
  parseGoLogStampAt, parseCtimeAt, fromUptime, fromEpochNumber, fromRealtimeMicros, zoneAbbrevOffset, parseWeekdayIso,
} from "@/lib/time/parse-other";
export { bundleTimeFacts, timeContextFromBundle } from "@/lib/time/from-bundle";
