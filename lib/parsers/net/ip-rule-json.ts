/**
 * Parser for `ip -j rule` (kind ip-rule-json), into the same IpRuleRecord as the text form.
 *
 * Sample input (one line):
 *   [{"priority":100,"src":"all","fwmark":"0x1","fwmask":"0xff","table":"100"},
 *    {"priority":200,"src":"198.18.0.0","srclen":24,"table":"main","suppress_prefixlen":0}]
 *
 * The `selector` is rebuilt in `ip rule` word order so text and JSON bundles read alike.
 * Lines per ip-json.ts (all 1 unless pretty-printed).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { familyOf } from "@/lib/parsers/common";
import { num, parseJsonArray, str, type JsonObject } from "./ip-json";
import type { IpRuleRecord } from "./ip-rule";

const KNOWN = new Set(["priority", "src", "srclen", "dst", "dstlen", "iif", "oif", "fwmark", "fwmask", "table", "suppress_prefixlen", "action", "not", "goto", "l3mdev", "iif_detached", "oif_detached"]);

const cidr = (a: string | undefined, len: number | undefined) => (a === undefined ? undefined : len !== undefined ? `${a}/${len}` : a);

export function ruleFromJson(o: JsonObject, lineStart: number): IpRuleRecord | string {
  const priority = num(o.priority);
  if (priority === undefined) return "rule without priority";
  const from = cidr(str(o.src), num(o.srclen)) ?? "all";
  const rec: IpRuleRecord = { priority, selector: "", not: o.not === null || o.not === true, from, action: "lookup", flags: [], line: lineStart };
  const to = cidr(str(o.dst), num(o.dstlen));
  if (to) rec.to = to;
  if (str(o.fwmark)) rec.fwmark = str(o.fwmark);
  if (str(o.fwmask)) rec.fwmask = str(o.fwmask);
  if (str(o.iif)) rec.iif = str(o.iif);
  if (str(o.oif)) rec.oif = str(o.oif);
  if (o.iif_detached !== undefined || o.oif_detached !== undefined) rec.flags.push("detached");
  if (str(o.table)) rec.table = str(o.table);
  if (num(o.suppress_prefixlen) !== undefined) rec.suppressPrefixlength = num(o.suppress_prefixlen);
  const action = str(o.action);
  if (action) rec.action = action;
  if (num(o.goto) !== undefined) {
    rec.action = "goto";
    rec.goto = num(o.goto);
  }
  const extra = Object.entries(o).filter(([k, v]) => !KNOWN.has(k) && (typeof v === "string" || typeof v === "number"));
  if (extra.length > 0) rec.extra = Object.fromEntries(extra.map(([k, v]) => [k, String(v)]));
  const parts = [rec.not ? "not" : "", `from ${from}`, to ? `to ${to}` : "", rec.fwmark ? `fwmark ${rec.fwmark}${rec.fwmask ? `/${rec.fwmask}` : ""}` : ""];
  parts.push(rec.iif ? `iif ${rec.iif}` : "", rec.oif ? `oif ${rec.oif}` : "");
  parts.push(rec.action === "goto" ? `goto ${rec.goto}` : rec.action !== "lookup" ? rec.action : rec.table ? `lookup ${rec.table}` : "");
  parts.push(rec.suppressPrefixlength !== undefined ? `suppress_prefixlength ${rec.suppressPrefixlength}` : "");
  rec.selector = parts.filter(Boolean).join(" ");
  const fam = familyOf(str(o.src)) ?? familyOf(str(o.dst));
  if (fam) rec.family = fam;
  return rec;
}

export const parser: ArtifactParser<IpRuleRecord> = { kind: "ip-rule-json", parse: (text) => parseJsonArray(text, ruleFromJson) };
