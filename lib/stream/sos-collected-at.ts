/**
 * When a sosreport was taken, in UTC: sos's manifest (sos 4) or the first line of its log
 * (sos 3.x) gives the node-local start time without a zone; the date plugin's `date` and `date --utc` give the offset (local minus UTC, rounded to
 * a quarter hour, as zones are), or else the archive's own member times. Used by the stream stage (to place log stamps) and by the
 * model's BundleInfo alike. Null when the report has no manifest or no offset is known.
 */
import type { DateRecord } from "@/lib/parsers/host/date";
import type { SosManifestRecord } from "@/lib/parsers/host/sos-manifest";
import type { SosLogRecord } from "@/lib/parsers/host/sos-log";
import { byKind, type ParsedArtifact } from "@/lib/stream/parsed-bundle";

const QUARTER_HOUR = 900;

/** Conventional offset in seconds (+3600 for CET), from the date plugin's outputs. */
export function sosUtcOffset(dates: DateRecord[]): number | null {
  const carried = dates.find((d) => d.offsetSeconds !== undefined);
  if (carried) return carried.offsetSeconds ?? null;
  const isUtc = (d: DateRecord) => d.zone === "UTC" || d.zone === "GMT" || d.zone === "Z";
  const utc = dates.find(isUtc);
  const local = dates.find((d) => !isUtc(d));
  if (utc && !local) return 0;
  if (!utc || !local) return null;
  const diff = (Date.parse(`${local.local}Z`) - Date.parse(`${utc.local}Z`)) / 1000;
  return Number.isFinite(diff) ? Math.round(diff / QUARTER_HOUR) * QUARTER_HOUR : null;
}

const zone = (off: number) => {
  const a = Math.abs(off);
  return `${off < 0 ? "-" : "+"}${String(Math.floor(a / 3600)).padStart(2, "0")}:${String(Math.floor((a % 3600) / 60)).padStart(2, "0")}`;
};

/**
 * Without the date plugin: sos writes its manifest (and last writes its log) as it ends, so
 * the member's time in the archive (UTC) and the end time inside it (node-local) are the same
 * moment; their difference is the offset.
 */
function offsetFromMtimes(artifacts: ParsedArtifact[]): number | null {
  const pairs: { local: string | null; mtime: string | undefined }[] = [];
  for (const a of byKind<SosManifestRecord>({ artifacts }, "sos-manifest")) {
    const r = a.records.find((x) => x.type === "report");
    pairs.push({ local: r?.type === "report" ? r.endLocal : null, mtime: a.mtime });
  }
  for (const a of byKind<SosLogRecord>({ artifacts }, "sos-log")) pairs.push({ local: a.records.find((x) => x.type === "end")?.local ?? null, mtime: a.mtime });
  for (const p of pairs) {
    if (!p.local || !p.mtime) continue;
    const diff = (Date.parse(`${p.local}Z`) - Date.parse(p.mtime)) / 1000;
    if (Number.isFinite(diff)) return Math.round(diff / QUARTER_HOUR) * QUARTER_HOUR;
  }
  return null;
}

export function sosCollectedAt(artifacts: ParsedArtifact[]): { utc: string; node: string } | null {
  const report = byKind<SosManifestRecord>({ artifacts }, "sos-manifest").flatMap((a) => a.records).find((r) => r.type === "report");
  // sos 3.x has no manifest: its log's first line is when it began
  const logStart = byKind<SosLogRecord>({ artifacts }, "sos-log").flatMap((a) => a.records).find((r) => r.type === "start")?.local ?? null;
  const start = (report?.type === "report" ? report.startLocal : null) ?? logStart;
  if (!start) return null;
  const offset = sosUtcOffset(byKind<DateRecord>({ artifacts }, "date").flatMap((a) => a.records)) ?? offsetFromMtimes(artifacts);
  if (offset === null) return null;
  const ms = Date.parse(`${start}Z`) - offset * 1000;
  if (Number.isNaN(ms)) return null;
  return { utc: new Date(ms).toISOString(), node: `${start}${zone(offset)}` };
}
