/**
 * Declarative rules: simple checks written as JSON files (lib/rules/declarative/*.json, and
 * any *.json in NETBUNDLE_RULES_DIR) instead of code. Two types:
 *  - "log-signal": regexes run over every journal/log line during ingest (the model builder
 *    keeps the matches as LogSignals); one finding lists the matching lines.
 *  - "sysctl": a key that must not equal a value, checked in every netns that has it.
 * Joins across artifacts belong in TypeScript rules.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { LogSignal } from "@/lib/model/types";
import type { Evidence, Finding } from "@/lib/rules/finding";
import { namespace, netnsLabel } from "@/lib/model/lookup";
import { evidenceFromSignal } from "@/lib/model/evidence";
import { sysctlsOf } from "@/lib/rules/sysctl-facts";
import type { Rule } from "@/lib/rules/types";
import { SEVERITIES } from "@/lib/rules/finding";
import { entities, sysctlEntity } from "@/lib/rules/entities";

const ZSeverity = z.enum(SEVERITIES);
const ZCommon = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  severity: ZSeverity,
  summary: z.string(),
  needs: z.array(z.object({ kinds: z.array(z.string()).min(1), what: z.string() })),
  title: z.string(),
  explanation: z.string(),
  remediation: z.string(),
  references: z.array(z.string()).default([]),
};
/**
 * A log signal: a regex, and optionally keywords of which a line must contain one before the
 * regex runs (a substring test costs a fraction of a regex on millions of lines).
 */
export const ZSignal = z.object({
  id: z.string(),
  pattern: z.string(),
  flags: z.string().regex(/^[imsu]*$/).optional(),
  keywords: z.array(z.string().min(1)).optional(),
});
export const ZDeclarativeRule = z.discriminatedUnion("type", [
  z.object({ type: z.literal("log-signal"), signals: z.array(ZSignal).min(1), ...ZCommon }),
  z.object({ type: z.literal("sysctl"), sysctl: z.string(), equals: z.string(), ...ZCommon }),
]);
export type TDeclarativeRule = z.infer<typeof ZDeclarativeRule>;
export type TSignal = z.infer<typeof ZSignal>;

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** Named regex groups a log-signal pattern may use, by the entity they fill. */
const GROUP_NAMES = {
  ip: ["ip"],
  port: ["port"],
  pid: ["pid"],
  path: ["path"],
  chain: ["chain"],
  container: ["container", "sandbox", "cniid"],
} as const;

function logSignalRule(def: Extract<TDeclarativeRule, { type: "log-signal" }>): Rule {
  const ids = new Set(def.signals.map((s) => s.id));
  return {
    id: def.id,
    severity: def.severity,
    summary: def.summary,
    needs: def.needs,
    evaluate({ model }) {
      const matched = model.logSignals.filter((s) => ids.has(s.signal));
      if (!matched.length) return [];
      // one line can match several of the rule's signals: count and cite it once (groups merged)
      const byLine = new Map<string, LogSignal>();
      for (const s of matched) {
        const key = `${s.artifact}:${s.line}`;
        const prev = byLine.get(key);
        byLine.set(key, prev ? { ...prev, groups: { ...prev.groups, ...s.groups } } : s);
      }
      const hits = [...byLine.values()];
      const sorted = [...hits].sort((a, b) => (a.ts ?? "").localeCompare(b.ts ?? ""));
      const shown = sorted.slice(0, 20);
      // a pattern names its groups for what they hold; one regex cannot use a name twice, so a
      // second group of a kind is the name with a suffix: "container" also takes "sandbox", "cniid"
      const group = (key: string) => [...new Set(hits.map((h) => h.groups[key]).filter((v): v is string => !!v))];
      const groups = (kind: keyof typeof GROUP_NAMES) => [...new Set(GROUP_NAMES[kind].flatMap(group))];
      const evidence: Evidence[] = shown.map((h: LogSignal) => evidenceFromSignal(h));
      const finding: Finding = {
        id: `${def.id}`,
        ruleId: def.id,
        severity: def.severity,
        title: fill(def.title, { count: String(def.signals.reduce((n, s) => n + (model.logSignalCounts[s.id] ?? 0), 0) || hits.length), first: sorted[0]?.ts ?? "time unknown" }),
        explanation: fill(def.explanation, { lines: "\n" + shown.map((h) => `${h.ts ?? "?"} ${h.text}`).join("\n") }),
        remediation: def.remediation,
        references: def.references,
        entities: entities({
          ips: groups("ip"),
          ports: groups("port").map(Number).filter(Number.isFinite),
          pids: groups("pid").map(Number).filter(Number.isFinite),
          // the node paths the lines name (a /proc/PID/ns/net), then the log files they are in
          paths: [...groups("path"), ...hits.map((h) => h.artifact)],
          chains: groups("chain"),
          containers: groups("container"),
        }),
        evidence,
        ts: sorted[0]?.ts ?? undefined,
      };
      return [finding];
    },
  };
}

function sysctlRule(def: Extract<TDeclarativeRule, { type: "sysctl" }>): Rule {
  return {
    id: def.id,
    severity: def.severity,
    summary: def.summary,
    needs: def.needs,
    evaluate({ model, index }) {
      const out: Finding[] = [];
      for (const view of model.netns) {
        const isHost = namespace(index, "net", view.inode)?.isHost ?? false;
        const v = sysctlsOf(model, view, isHost)[def.sysctl];
        if (!v || v.value.trim() !== def.equals) continue;
        const label = netnsLabel(index, view.inode);
        out.push({
          id: `${def.id}:${view.inode}`,
          ruleId: def.id,
          severity: def.severity,
          title: fill(def.title, { netns: label }),
          explanation: fill(def.explanation, { netns: label }),
          remediation: def.remediation,
          references: def.references,
          entities: { netns: [view.inode], sysctls: [sysctlEntity(def.sysctl, v.value.trim())] },
          evidence: v.src ? [{ ...v.src, excerpt: `${def.sysctl} = ${v.value}` }] : [],
        });
      }
      return out;
    },
  };
}

export function ruleFromDeclaration(raw: unknown, origin: string): { rule: Rule; def: TDeclarativeRule } {
  const parsed = ZDeclarativeRule.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid rule file ${origin}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const def = parsed.data;
  if (def.type === "log-signal") for (const s of def.signals) new RegExp(s.pattern, s.flags); // fail at load, not per line
  return { rule: def.type === "log-signal" ? logSignalRule(def) : sysctlRule(def), def };
}

/** Extra rule files an operator drops into NETBUNDLE_RULES_DIR, read once at start. */
export function loadRulesDir(dir: string): unknown[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as unknown);
}
