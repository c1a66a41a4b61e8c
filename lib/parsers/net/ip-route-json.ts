/**
 * Parser for `ip -d -j route show table all` (kind ip-route-json), into the same IpRouteRecord
 * as the text form (ip-route.ts).
 *
 * Sample input (one line):
 *   [{"type":"unicast","dst":"198.19.0.0/16","gateway":"198.18.0.2","dev":"br-nbp.0",
 *     "table":"main","protocol":"static","scope":"global","metric":50,"flags":[]}]
 *
 * Quirks: JSON has no family field; it is read from dst/gateway/prefsrc (an IPv6 gateway in
 * another family comes as "via":{"family":"inet6","host":"fe80::1"}); "default" routes
 * without any address default to 4. Lines per ip-json.ts (all 1 unless pretty-printed).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { familyOf } from "@/lib/parsers/common";
import { num, obj, parseJsonArray, str, strs, type JsonObject } from "./ip-json";
import type { IpNexthop, IpRouteRecord } from "./ip-route";

const MODELLED = new Set(["type", "dst", "gateway", "via", "dev", "table", "protocol", "scope", "prefsrc", "metric", "pref", "flags", "nexthops"]);

export function routeFromJson(o: JsonObject, lineStart: number, lineEnd: number): IpRouteRecord | string {
  const dst = str(o.dst);
  if (dst === undefined) return "route without dst";
  const via = obj(o.via);
  const gateway = str(o.gateway) ?? str(via?.host);
  const viaFam = str(via?.family) === "inet6" ? 6 : str(via?.family) === "inet" ? 4 : undefined;
  const type = str(o.type) ?? "unicast";
  const rec: IpRouteRecord = {
    type,
    dst,
    family: viaFam ?? familyOf(dst) ?? familyOf(gateway) ?? familyOf(str(o.prefsrc)) ?? 4,
    table: str(o.table) ?? (type === "local" || type === "broadcast" ? "local" : "main"),
    flags: strs(o.flags),
    lineStart,
    lineEnd,
  };
  if (gateway) rec.gateway = gateway;
  const opt = { dev: "dev", protocol: "protocol", scope: "scope", prefsrc: "prefsrc", pref: "pref" } as const;
  for (const [field, key] of Object.entries(opt) as [keyof typeof opt, string][]) {
    const v = str(o[key]);
    if (v !== undefined) rec[field] = v;
  }
  const metric = num(o.metric);
  if (metric !== undefined) rec.metric = metric;
  if (Array.isArray(o.nexthops)) {
    rec.nexthops = o.nexthops.flatMap((h): IpNexthop[] => {
      const ho = obj(h);
      if (!ho) return [];
      const hop: IpNexthop = {};
      const gw = str(ho.gateway) ?? str(obj(ho.via)?.host);
      if (gw) hop.gateway = gw;
      if (str(ho.dev)) hop.dev = str(ho.dev);
      if (num(ho.weight) !== undefined) hop.weight = num(ho.weight);
      return [hop];
    });
  }
  const extra = Object.entries(o).filter(([k, v]) => !MODELLED.has(k) && (typeof v === "string" || typeof v === "number"));
  if (extra.length > 0) rec.extra = Object.fromEntries(extra.map(([k, v]) => [k, String(v)]));
  return rec;
}

export const parser: ArtifactParser<IpRouteRecord> = { kind: "ip-route-json", parse: (text) => parseJsonArray(text, routeFromJson) };
