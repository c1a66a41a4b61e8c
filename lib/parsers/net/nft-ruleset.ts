/**
 * Parser for `nft list ruleset` text (kind nft-ruleset); also reads `nft list table` output.
 *
 * Sample input:
 *   table inet nbp_filter {
 *   	set blocked {
 *   		type ipv4_addr
 *   		elements = { 198.18.9.9, 198.18.9.10 }
 *   	}
 *   	chain input {
 *   		type filter hook input priority filter; policy accept;
 *   		ip saddr @blocked counter packets 0 bytes 0 drop
 *   	}
 *   }
 *
 * Output: NftRecord, discriminated by `type`:
 *   table  { family, name }
 *   chain  { family, table, name, hookType?, hook?, priority?, policy?, device?, comment? }
 *   rule   { family, table, chain, text, verdict?, packets?, bytes?, comment? }
 *   object { family, table, objectType (set, map, flowtable, counter, quota, ct helper, ...), name }
 * each with lineStart/lineEnd. Sets and maps are recorded but not read element by element.
 *
 * Quirks: indentation is tabs from nft, but copies (docs) use spaces, so only braces count.
 * A rule whose anonymous set spans lines continues until its braces balance. `nft -a` adds
 * "# handle N" comments, which are stripped. "# Warning: table ip filter is managed by
 * iptables-nft" lines (stderr merged) become warnings. priority stays text ("filter", "-100",
 * "dstnat"), as nft prints names for standard values.
 */
import type { ArtifactParser, ParseResult } from "@/lib/parsers/types";
import { detectNotData, notDataResult, ResultBuilder, splitLines } from "@/lib/parsers/common";

interface Where {
  lineStart: number;
  lineEnd: number;
}

export type NftRecord =
  | ({ type: "table"; family: string; name: string } & Where)
  | ({ type: "chain"; family: string; table: string; name: string; hookType?: string; hook?: string; priority?: string; policy?: string; device?: string; comment?: string } & Where)
  | ({ type: "rule"; family: string; table: string; chain: string; text: string; verdict?: string; packets?: number; bytes?: number; comment?: string } & Where)
  | ({ type: "object"; family: string; table: string; objectType: string; name: string } & Where);

type Chain = Extract<NftRecord, { type: "chain" }>;
type Rule = Extract<NftRecord, { type: "rule" }>;

const TABLE = /^table\s+(?:(ip|ip6|inet|arp|bridge|netdev)\s+)?(\S+)\s*\{$/;
const CHAIN = /^chain\s+(\S+)\s*\{$/;
const OBJECT = /^(set|map|flowtable|counter|quota|limit|secmark|synproxy|ct helper|ct timeout|ct expectation)\s+(\S+)\s*\{$/;
const VERDICT = /\b(accept|drop|reject(?: with [\w-]+(?: type [\w-]+)?)?|return|queue|continue|(?:jump|goto) [^\s;}]+|masquerade|snat to \S+|dnat to \S+|redirect(?: to \S+)?)(?=\s|$)/g;

function braceDelta(s: string): number {
  if (!s.includes("{") && !s.includes("}")) return 0;
  const bare = s.includes('"') ? s.replace(/"(?:[^"\\]|\\.)*"/g, "") : s;
  let d = 0;
  for (const c of bare) d += c === "{" ? 1 : c === "}" ? -1 : 0;
  return d;
}

/** Rule facts read from its text: last verdict, counter, trailing comment. */
export function describeRule(text: string): { verdict?: string; packets?: number; bytes?: number; comment?: string } {
  const out: { verdict?: string; packets?: number; bytes?: number; comment?: string } = {};
  const comment = text.match(/\bcomment "((?:[^"\\]|\\.)*)"\s*$/);
  const body = text.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^{}]*\}/g, "{}");
  const verdicts = [...body.matchAll(VERDICT)].map((m) => m[1] as string);
  if (verdicts.length > 0) out.verdict = verdicts[verdicts.length - 1];
  const counter = text.match(/\bcounter packets (\d+) bytes (\d+)/);
  if (counter) {
    out.packets = Number(counter[1]);
    out.bytes = Number(counter[2]);
  }
  if (comment) out.comment = comment[1];
  return out;
}

function readChainHead(chain: Chain, s: string): boolean {
  const hook = s.match(/^type\s+(\S+)\s+hook\s+(\S+)(?:\s+device\s+"?([^";\s]+)"?)?\s+priority\s+([^;]+);/);
  if (hook) {
    [chain.hookType, chain.hook, chain.device, chain.priority] = [hook[1], hook[2], hook[3], hook[4]?.trim()];
    if (chain.device === undefined) delete chain.device;
  }
  const policy = s.match(/(?:^|;\s*)policy\s+(\w+);?/);
  if (policy) chain.policy = policy[1];
  const comment = s.match(/^comment\s+"((?:[^"\\]|\\.)*)"/);
  if (comment) chain.comment = comment[1];
  return Boolean(hook || policy || comment);
}

export function parseNftRuleset(text: string): ParseResult<NftRecord> {
  const notData = detectNotData(text);
  if (notData) return notDataResult(notData);
  const out = new ResultBuilder<NftRecord>();
  let table: Extract<NftRecord, { type: "table" }> | undefined;
  let chain: Chain | undefined;
  let skip: { rec: Extract<NftRecord, { type: "object" }>; depth: number } | undefined;
  let rule: { rec: Rule; depth: number } | undefined;
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    const s = raw.replace(/\s+#\s*handle\s+\d+\s*$/, "").trim();
    if (s === "") return;
    if (/^#\s*Warning:/.test(s)) return out.warn(s.replace(/^#\s*/, ""), line);
    if (rule) {
      rule.rec.text += ` ${s}`;
      rule.rec.lineEnd = line;
      rule.depth += braceDelta(s);
      if (rule.depth <= 0) {
        Object.assign(rule.rec, describeRule(rule.rec.text));
        rule = undefined;
      }
      return;
    }
    if (skip) {
      skip.depth += braceDelta(s);
      skip.rec.lineEnd = line;
      if (skip.depth <= 0) skip = undefined;
      return;
    }
    let m: RegExpMatchArray | null;
    if (!table) {
      if ((m = s.match(TABLE))) {
        table = { type: "table", family: m[1] ?? "ip", name: m[2] as string, lineStart: line, lineEnd: line };
        out.records.push(table);
      } else out.skip(line, raw);
      return;
    }
    if (s === "}") {
      if (chain) {
        chain.lineEnd = line;
        chain = undefined;
      } else {
        table.lineEnd = line;
        table = undefined;
      }
      return;
    }
    if (!chain) {
      if ((m = s.match(CHAIN))) {
        chain = { type: "chain", family: table.family, table: table.name, name: m[1] as string, lineStart: line, lineEnd: line };
        out.records.push(chain);
      } else if ((m = s.match(OBJECT))) {
        const rec = { type: "object" as const, family: table.family, table: table.name, objectType: m[1] as string, name: m[2] as string, lineStart: line, lineEnd: line };
        out.records.push(rec);
        skip = { rec, depth: 1 };
      } else if (!/^(flags|comment)\s/.test(s)) out.skip(line, raw);
      return;
    }
    if (readChainHead(chain, s)) return;
    const rec: Rule = { type: "rule", family: table.family, table: table.name, chain: chain.name, text: s, lineStart: line, lineEnd: line };
    out.records.push(rec);
    const depth = braceDelta(s);
    if (depth > 0) rule = { rec, depth };
    else Object.assign(rec, describeRule(s));
  });
  if (table || chain || rule || skip) out.warn("ruleset ends inside a block (output truncated?)");
  if (rule) Object.assign(rule.rec, describeRule(rule.rec.text));
  return out.done();
}

export const parser: ArtifactParser<NftRecord> = { kind: "nft-ruleset", parse: (text) => parseNftRuleset(text) };
