/**
 * Parser for `ip -d route show table all` text (kind ip-route), IPv4 and IPv6 alike.
 *
 * Sample input:
 *   unicast 198.19.0.0/16 via 198.18.0.2 dev br-nbp.0 table main proto static scope global metric 50
 *   default via 10.6.0.1 dev ens3 proto dhcp src 10.6.3.201 metric 100
 *   throw 30.142.64.0/26  table red_mgmt
 *   default proto static metric 100
 *   	nexthop via 10.0.0.1 dev eth0 weight 1
 *
 * Output: IpRouteRecord { type, dst, family, table, gateway?, dev?, protocol?, scope?,
 *   prefsrc?, metric?, pref?, flags, nexthops?, extra?, lineStart, lineEnd }.
 *
 * Quirks: the type word is printed only with -d or for non-unicast routes, so it defaults to
 * "unicast"; the table only when not main (or always with -d), so it defaults to "main".
 * Older iproute2 separates fields with two blanks. `via inet6 fe80::1` names the family.
 * Multipath routes continue on lines starting with a tab and "nexthop"; old kernels add an
 * indented "cache ..." line (kept as extra.cache). Fields we do not model
 * (mtu, expires, error, rtt, ...) are kept raw in `extra`.
 */
import type { ArtifactParser, ParseResult } from "@/lib/parsers/types";
import { detectNotData, familyOf, fields, notDataResult, ResultBuilder, splitLines, toInt } from "@/lib/parsers/common";

export interface IpNexthop {
  gateway?: string;
  dev?: string;
  weight?: number;
}

export interface IpRouteRecord {
  type: string;
  dst: string;
  family: 4 | 6;
  table: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  pref?: string;
  /** onlink, linkdown, dead, pervasive, offload, ... */
  flags: string[];
  nexthops?: IpNexthop[];
  /** Unmodelled "key value" pairs, raw. */
  extra?: Record<string, string>;
  lineStart: number;
  lineEnd: number;
}

export const ROUTE_TYPES = new Set(["unicast", "local", "broadcast", "multicast", "unreachable", "blackhole", "prohibit", "throw", "nat", "anycast", "xresolve"]);
const FLAG_WORDS = new Set(["onlink", "linkdown", "dead", "pervasive", "offload", "trap", "notify", "rt_offload", "rt_trap", "rt_offload_failed"]);
/** Keys whose value is several words ("mtu lock 1400", "via inet6 fe80::1"). */
const LOCKABLE = new Set(["mtu", "advmss", "rtt", "rttvar", "reordering", "window", "cwnd", "initcwnd", "initrwnd", "ssthresh", "hoplimit", "features", "quickack", "congctl", "fastopen_no_cookie"]);

/** key/value pairs after the destination; returns flags and pairs (first occurrence wins). */
function readPairs(toks: string[]): { kv: Map<string, string>; flags: string[] } {
  const kv = new Map<string, string>();
  const flags: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const k = toks[i] as string;
    if (FLAG_WORDS.has(k)) {
      flags.push(k);
      continue;
    }
    let v = toks[i + 1];
    if (v === undefined) {
      flags.push(k);
      break;
    }
    i++;
    if ((k === "via" && (v === "inet" || v === "inet6")) || (LOCKABLE.has(k) && v === "lock")) {
      v = `${v} ${toks[i + 1] ?? ""}`.trim();
      i++;
    }
    if (!kv.has(k)) kv.set(k, v);
  }
  return { kv, flags };
}

const MODELLED = new Set(["via", "dev", "table", "proto", "scope", "src", "metric", "pref"]);

function parseRouteLine(s: string, line: number): IpRouteRecord | undefined {
  const toks = fields(s);
  let type = "unicast";
  if (toks[0] && ROUTE_TYPES.has(toks[0])) type = toks.shift() as string;
  const dst = toks.shift();
  if (dst === undefined || dst.startsWith("nexthop")) return undefined;
  const { kv, flags } = readPairs(toks);
  let gateway = kv.get("via");
  let viaFamily: 4 | 6 | undefined;
  if (gateway?.startsWith("inet6 ")) viaFamily = 6;
  else if (gateway?.startsWith("inet ")) viaFamily = 4;
  if (gateway?.includes(" ")) gateway = gateway.split(" ")[1];
  const rec: IpRouteRecord = {
    type,
    dst,
    family: viaFamily ?? familyOf(dst) ?? familyOf(gateway) ?? familyOf(kv.get("src")) ?? 4,
    table: kv.get("table") ?? (type === "local" || type === "broadcast" || type === "nat" || type === "anycast" ? "local" : "main"),
    flags,
    lineStart: line,
    lineEnd: line,
  };
  if (gateway) rec.gateway = gateway;
  const opt = { dev: "dev", protocol: "proto", scope: "scope", prefsrc: "src", pref: "pref" } as const;
  for (const [field, key] of Object.entries(opt) as [keyof typeof opt, string][]) {
    const v = kv.get(key);
    if (v !== undefined) rec[field] = v;
  }
  const metric = toInt(kv.get("metric"));
  if (metric !== undefined) rec.metric = metric;
  const extra = [...kv].filter(([k]) => !MODELLED.has(k));
  if (extra.length > 0) rec.extra = Object.fromEntries(extra);
  return rec;
}

export function parseIpRoute(text: string): ParseResult<IpRouteRecord> {
  const notData = detectNotData(text);
  if (notData) return notDataResult(notData);
  const out = new ResultBuilder<IpRouteRecord>();
  let last: IpRouteRecord | undefined;
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (s === "") return;
    if (/^\s/.test(raw) && s.startsWith("nexthop") && last) {
      const { kv } = readPairs(fields(s).slice(1));
      const hop: IpNexthop = {};
      const via = kv.get("via")?.split(" ").pop();
      if (via) hop.gateway = via;
      if (kv.has("dev")) hop.dev = kv.get("dev");
      const w = toInt(kv.get("weight"));
      if (w !== undefined) hop.weight = w;
      (last.nexthops ??= []).push(hop);
      last.lineEnd = line;
      return;
    }
    // Old kernels list cloned routes with an indented "cache ..." line: keep it on the route.
    if (/^\s/.test(raw) && s.startsWith("cache") && last) {
      (last.extra ??= {}).cache = s.slice("cache".length).trim();
      last.lineEnd = line;
      return;
    }
    const rec = /^\s/.test(raw) ? undefined : parseRouteLine(s, line);
    if (rec) {
      out.records.push(rec);
      last = rec;
    } else out.skip(line, raw);
  });
  return out.done();
}

export const parser: ArtifactParser<IpRouteRecord> = { kind: "ip-route", parse: (text) => parseIpRoute(text) };
