/**
 * Maps nft records (text or JSON) to the model's NftRuleset: tables holding their base and
 * regular chains, each chain its rules in order, every rule with its SourceRef.
 */
import type { NftRuleset } from "@/lib/model/types";
import type { NftRecord } from "@/lib/parsers/net/nft-ruleset";

type ModelTable = NftRuleset["tables"][number];
type ModelChain = ModelTable["chains"][number];

export function toNftRuleset(records: NftRecord[], artifact: string): NftRuleset {
  const tables = new Map<string, ModelTable>();
  const chains = new Map<string, ModelChain>();
  const tableOf = (family: string, name: string): ModelTable => {
    const key = `${family} ${name}`;
    let t = tables.get(key);
    if (!t) tables.set(key, (t = { family, name, chains: [] }));
    return t;
  };
  const chainOf = (family: string, table: string, name: string): ModelChain => {
    const key = `${family} ${table} ${name}`;
    let c = chains.get(key);
    if (!c) {
      c = { name, rules: [] };
      chains.set(key, c);
      tableOf(family, table).chains.push(c);
    }
    return c;
  };
  for (const r of records) {
    if (r.type === "table") tableOf(r.family, r.name);
    else if (r.type === "chain") {
      const c = chainOf(r.family, r.table, r.name);
      if (r.hook !== undefined) c.hook = r.hook;
      if (r.policy !== undefined) c.policy = r.policy;
      if (r.hookType !== undefined) c.type = r.hookType;
    } else if (r.type === "rule") {
      chainOf(r.family, r.table, r.chain).rules.push({ text: r.text, src: { artifact, lineStart: r.lineStart, lineEnd: r.lineEnd } });
    }
  }
  return { artifact, tables: [...tables.values()] };
}
