/**
 * `date` and `date --utc` as sos's date plugin keeps them (sos_commands/date/date, date_--utc).
 *
 *   Mon Dec  7 12:13:46 CET 2026
 *
 * → DateRecord { local: "2026-12-07T12:13:46", zone: "CET", line: 1 }
 *
 * Quirks: the zone is an abbreviation (CET, EST, +03), not an offset; the two files together
 * give the offset (local minus UTC). `date -R`/ISO forms carry the offset itself (offset set).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";

export interface DateRecord {
  /** Wall-clock time as printed, ISO without zone. */
  local: string;
  /** Zone abbreviation as printed ("UTC", "CET", "+03"). */
  zone: string | null;
  /** Conventional offset in seconds when the text carried one (+0100 → 3600). */
  offsetSeconds?: number;
  line: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number | string) => String(n).padStart(2, "0");

/** "Mon Dec  7 12:13:46 CET 2026" (C locale `date`). */
const PLAIN = /^(?:[A-Z][a-z]{2}\s+)?([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d\d:\d\d:\d\d)\s+(?:([A-Za-z][A-Za-z0-9_/+-]*|[+-]\d{2,4})\s+)?(\d{4})$/;
/** "2026-12-07T12:13:46+01:00" / "2026-12-07 12:13:46 +0100" (date -Iseconds, --rfc-3339). */
const ISO = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:[.,]\d+)?\s*(Z|[+-]\d\d:?\d\d)$/;

function read(text: string, line: number): DateRecord | null {
  const t = text.trim();
  const p = PLAIN.exec(t);
  if (p) {
    const mo = MONTHS.indexOf(p[1] ?? "") + 1;
    if (mo === 0) return null;
    return { local: `${p[5]}-${pad(mo)}-${pad(p[2] ?? "")}T${p[3]}`, zone: p[4] ?? null, line };
  }
  const i = ISO.exec(t);
  if (i) {
    const z = i[3] ?? "Z";
    const off = z === "Z" ? 0 : (z[0] === "-" ? -1 : 1) * (Number(z.slice(1, 3)) * 3600 + Number(z.replace(":", "").slice(3, 5)) * 60);
    return { local: `${i[1]}T${i[2]}`, zone: z === "Z" ? "UTC" : z, offsetSeconds: off, line };
  }
  return null;
}

export const parser: ArtifactParser<DateRecord> = {
  kind: "date",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<DateRecord>();
    splitLines(text).forEach((t, i) => {
      if (t.trim() === "") return;
      if (out.records.length > 0) return out.skip(i + 1, t, "extra line after date output");
      const rec = read(t, i + 1);
      if (rec) out.records.push(rec);
      else out.skip(i + 1, t, "not a date line");
    });
    return out.done();
  },
};
