/**
 * Parser for `nft -j list ruleset` (kind nft-ruleset-json), into the same NftRecord as the
 * text form (nft-ruleset.ts).
 *
 * Sample input (one line; shown wrapped):
 *   {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
 *    {"table": {"family": "inet", "name": "nbp_filter", "handle": 4}},
 *    {"chain": {"family": "inet", "table": "nbp_filter", "name": "input", "type": "filter",
 *               "hook": "input", "prio": 0, "policy": "accept"}},
 *    {"rule": {"family": "inet", "table": "nbp_filter", "chain": "input", "expr": [...]}}]}
 *
 * Quirks: nft prints the whole document on line 1, so every record is line 1 (pretty-printed
 * copies get real spans, see json-spans.ts). Rule text is rendered from `expr` by
 * nft-expr-text.ts; the verdict, counter and comment are then read as for text rules.
 * `prio` is a number in JSON where text shows a name ("filter" = 0, "srcnat" = 100).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { num, obj, parseJsonArray, str, type JsonObject } from "./ip-json";
import { ruleText } from "./nft-expr-text";
import { describeRule, type NftRecord } from "./nft-ruleset";

const OBJECT_KEYS = ["set", "map", "flowtable", "counter", "quota", "limit", "secmark", "synproxy", "ct helper", "ct timeout", "ct expectation", "element"];

export function nftFromJson(o: JsonObject, lineStart: number, lineEnd: number): NftRecord | string {
  const [key, value] = Object.entries(o)[0] ?? ["", undefined];
  const b = obj(value);
  if (!b) return `unexpected entry ${key}`;
  const family = str(b.family) ?? "ip";
  const where = { lineStart, lineEnd };
  if (key === "table") return { type: "table", family, name: str(b.name) ?? "", ...where };
  if (key === "chain") {
    const rec: NftRecord = { type: "chain", family, table: str(b.table) ?? "", name: str(b.name) ?? "", ...where };
    if (str(b.type)) rec.hookType = str(b.type);
    if (str(b.hook)) rec.hook = str(b.hook);
    if (b.prio !== undefined) rec.priority = String(num(b.prio) ?? str(b.prio));
    if (str(b.policy)) rec.policy = str(b.policy);
    if (str(b.dev)) rec.device = str(b.dev);
    if (str(b.comment)) rec.comment = str(b.comment);
    return rec;
  }
  if (key === "rule") {
    let text = ruleText(b.expr);
    if (str(b.comment)) text += ` comment "${str(b.comment)}"`;
    return { type: "rule", family, table: str(b.table) ?? "", chain: str(b.chain) ?? "", text, ...describeRule(text), ...where };
  }
  if (OBJECT_KEYS.includes(key)) return { type: "object", family, table: str(b.table) ?? "", objectType: key, name: str(b.name) ?? "", ...where };
  return `unexpected entry ${key}`;
}

export const parser: ArtifactParser<NftRecord> = {
  kind: "nft-ruleset-json",
  // metainfo (nft version, schema) carries no ruleset fact.
  parse: (text) => parseJsonArray(text, (o, a, z) => ("metainfo" in o ? null : nftFromJson(o, a, z)), 2),
};
