/**
 * Shared driver for iproute2 `-j` output (ip-addr-json, ip-link-json, ip-route-json,
 * ip-rule-json, ip-neigh-json): finds each object of the top-level array(s) with its lines
 * (see json-spans.ts) and hands it to a per-kind mapper.
 *
 * Line numbers: plain `ip -j` prints everything on line 1, so every record has
 * lineStart = lineEnd = 1; with `-p` (pretty) each record spans its own lines.
 */
import type { ParseResult } from "@/lib/parsers/types";
import { detectNotData, notDataResult, ResultBuilder, splitLines } from "@/lib/parsers/common";
import { scanJsonObjects } from "./json-spans";

export type JsonObject = Record<string, unknown>;

/** Mapper from one JSON object to a record, a string saying why it was not usable, or null to pass over it (metadata). */
export type JsonMapper<R> = (obj: JsonObject, lineStart: number, lineEnd: number) => R | string | null;

export function parseJsonArray<R>(text: string, map: JsonMapper<R>, depth = 1): ParseResult<R> {
  const notData = detectNotData(text);
  if (notData) return notDataResult(notData);
  const out = new ResultBuilder<R>();
  // stderr merged into the file can put "# Warning: ..." lines before the JSON: skip to it.
  const start = text.search(/^[ \t]*[[{]/m);
  if (start < 0) {
    splitLines(text).forEach((t, i) => {
      if (t.trim() !== "") out.skip(i + 1, t);
    });
    out.warn("output is not JSON (iproute2 too old for -j, or an error message)");
    return out.done();
  }
  const before = splitLines(text.slice(0, start));
  before.forEach((t, i) => {
    if (t.trim() !== "") out.skip(i + 1, t, `text before the JSON: ${t.trim().slice(0, 120)}`);
  });
  const scan = scanJsonObjects(text.slice(start), depth);
  for (const sp of scan.spans) {
    sp.lineStart += before.length;
    sp.lineEnd += before.length;
  }
  for (const s of scan.spans) {
    const v = s.value;
    const r = v && typeof v === "object" && !Array.isArray(v) ? map(v as JsonObject, s.lineStart, s.lineEnd) : "object did not parse";
    if (r === null) continue;
    if (typeof r === "string") {
      out.warn(r, s.lineStart);
      out.unparsed.push({ line: s.lineStart, text: s.text.slice(0, 200) });
    } else out.records.push(r);
  }
  if (scan.truncated) out.warn("JSON ends inside an array or object (output truncated?)");
  return out.done();
}

/** Typed field readers: iproute2 JSON is loosely typed and varies across versions. */
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined);
export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
export const obj = (v: unknown): JsonObject | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : undefined);
