/**
 * host/uptime.txt: three lines the collector writes one after the other.
 *
 *   1933.57 3033.89              <- /proc/uptime: seconds up, idle seconds (all CPUs)
 *   1795437472                   <- date -u +%s
 *   2026-11-23T14:10:00+0100     <- date +%Y-%m-%dT%H:%M:%S%z (node-local clock with offset)
 *
 * → one UptimeRecord { uptimeSeconds: 1933.57, idleSeconds: 3033.89, epoch: 1795437472,
 *     collectedAtUtc: "2026-11-23T13:17:52Z", nodeClock: "2026-11-23T14:10:00+0100",
 *     utcOffsetSeconds: 3600, bootedAtUtc: "2026-11-23T12:45:38Z", line: 1, lineEnd: 3 }
 *
 * Lines are recognised by shape, not position, so a failed `date` does not shift the rest.
 * utcOffsetSeconds is the offset itself (+0100 → 3600): subtract it from node-local naive
 * times to get UTC (BundleInfo.utcOffsetSeconds has the opposite sign: seconds to add).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";

export interface UptimeRecord {
  uptimeSeconds?: number;
  idleSeconds?: number;
  epoch?: number;
  collectedAtUtc?: string;
  nodeClock?: string;
  utcOffsetSeconds?: number;
  /** epoch - uptime, when both are known (second precision). */
  bootedAtUtc?: string;
  line: number;
  lineEnd: number;
}

const UPTIME_RE = /^(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)$/;
const EPOCH_RE = /^\d{9,11}$/;
const CLOCK_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-])(\d{2}):?(\d{2})$/;

export function epochToIso(epochSeconds: number): string {
  return new Date(Math.round(epochSeconds) * 1000).toISOString().replace(".000Z", "Z");
}

export const parser: ArtifactParser<UptimeRecord> = {
  kind: "uptime",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<UptimeRecord>();
    const rec: UptimeRecord = { line: 0, lineEnd: 0 };
    const seen = (line: number) => {
      rec.line = rec.line || line;
      rec.lineEnd = line;
    };
    splitLines(text).forEach((raw, i) => {
      const line = i + 1;
      const text = raw.trim();
      if (text === "") return;
      const up = UPTIME_RE.exec(text);
      const clock = CLOCK_RE.exec(text);
      if (up && rec.uptimeSeconds === undefined) {
        rec.uptimeSeconds = Number(up[1]);
        rec.idleSeconds = Number(up[2]);
      } else if (EPOCH_RE.test(text) && rec.epoch === undefined) {
        rec.epoch = Number(text);
        rec.collectedAtUtc = epochToIso(rec.epoch);
      } else if (clock && rec.nodeClock === undefined) {
        rec.nodeClock = text;
        const sign = clock[1] === "-" ? -1 : 1;
        rec.utcOffsetSeconds = sign * (Number(clock[2]) * 3600 + Number(clock[3]) * 60);
      } else {
        if (classifyErrorLine(text)) out.warn(text, line);
        else out.skip(line, raw);
        return;
      }
      seen(line);
    });
    if (rec.epoch !== undefined && rec.uptimeSeconds !== undefined) rec.bootedAtUtc = epochToIso(rec.epoch - rec.uptimeSeconds);
    if (rec.line > 0) out.records.push(rec);
    for (const [k, what] of [["uptimeSeconds", "/proc/uptime line"], ["epoch", "date -u +%s line"], ["nodeClock", "node-local date line"]] as const) {
      if (rec[k] === undefined) out.warn(`missing ${what}`);
    }
    return out.done();
  },
};
