/**
 * Parser for `ip rule` / `ip -6 rule` text (kinds ip-rule; the collector stores -6 in ip6-rule.*).
 *
 * Sample input:
 *   0:	from all lookup local
 *   100:	from all fwmark 0x1/0xff lookup 100
 *   23001:  from all fwmark 0x100/0xff00 lookup main suppress_prefixlength 0
 *   300:	from all to 198.19.0.0/16 iif br-nbp.0 [detached] lookup 100
 *   3232240897:	from 192.168.21.1/24 lookup 3232240897
 *
 * Output: IpRuleRecord { priority, selector (the whole text after "N:"), not, from, to?, iif?,
 *   oif?, fwmark?, fwmask?, table?, action, suppressPrefixlength?, goto?, flags, family?, line }.
 *
 * Quirks: priorities are 32-bit (3232240897 is real). `lookup` and `table` are synonyms.
 * The action is "lookup" unless a type word (blackhole, unreachable, prohibit, nop, goto) is
 * given. The family is only known when an address shows it; for "from all" rules it is left
 * out and the caller (who knows whether the command had -6) decides.
 */
import type { ArtifactParser, ParseResult } from "@/lib/parsers/types";
import { detectNotData, familyOf, fields, notDataResult, ResultBuilder, splitLines, toInt } from "@/lib/parsers/common";

export interface IpRuleRecord {
  priority: number;
  selector: string;
  not: boolean;
  from: string;
  to?: string;
  iif?: string;
  oif?: string;
  fwmark?: string;
  fwmask?: string;
  table?: string;
  action: string;
  suppressPrefixlength?: number;
  goto?: number;
  /** [detached], [unresolved], l3mdev, ... */
  flags: string[];
  /** Other "key value" selectors raw: tos, uidrange, ipproto, sport, dport, realms, ... */
  extra?: Record<string, string>;
  family?: 4 | 6;
  line: number;
}

const ACTIONS = new Set(["blackhole", "unreachable", "prohibit", "nop"]);

export function readRuleFields(selector: string): Omit<IpRuleRecord, "priority" | "selector" | "line"> {
  const toks = fields(selector);
  const rec: Omit<IpRuleRecord, "priority" | "selector" | "line"> = { not: false, from: "all", action: "lookup", flags: [] };
  const extra: Record<string, string> = {};
  for (let i = 0; i < toks.length; i++) {
    const k = toks[i] as string;
    if (k === "not") rec.not = true;
    else if (ACTIONS.has(k)) rec.action = k;
    else if (k.startsWith("[") || k === "l3mdev") rec.flags.push(k.replace(/[[\]]/g, ""));
    else {
      const v = toks[++i];
      if (v === undefined) {
        rec.flags.push(k);
        break;
      }
      if (k === "from") rec.from = v;
      else if (k === "to") rec.to = v;
      else if (k === "iif") rec.iif = v;
      else if (k === "oif") rec.oif = v;
      else if (k === "fwmark") [rec.fwmark, rec.fwmask] = v.split("/") as [string, string?];
      else if (k === "lookup" || k === "table") rec.table = v;
      else if (k === "suppress_prefixlength") rec.suppressPrefixlength = toInt(v);
      else if (k === "goto") {
        rec.action = "goto";
        rec.goto = toInt(v);
      } else extra[k] = v;
    }
  }
  if (rec.fwmask === undefined) delete rec.fwmask;
  if (Object.keys(extra).length > 0) rec.extra = extra;
  const fam = familyOf(rec.from) ?? familyOf(rec.to);
  if (fam) rec.family = fam;
  return rec;
}

export function parseIpRule(text: string): ParseResult<IpRuleRecord> {
  const notData = detectNotData(text);
  if (notData) return notDataResult(notData);
  const out = new ResultBuilder<IpRuleRecord>();
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    const m = raw.match(/^\s*(\d+):\s+(.*?)\s*$/);
    const priority = toInt(m?.[1]);
    if (!m || priority === undefined) return out.skip(line, raw);
    const selector = m[2] as string;
    out.records.push({ priority, selector, ...readRuleFields(selector), line });
  });
  return out.done();
}

export const parser: ArtifactParser<IpRuleRecord> = { kind: "ip-rule", parse: (text) => parseIpRule(text) };
