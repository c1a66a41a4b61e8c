/**
 * Scenario 4: an `ip rule` that diverts traffic to a routing table that has no routes. The
 * lookup falls through to later rules (or fails), so the policy the rule meant is not applied
 * and traffic takes an unexpected path, or is unreachable when a later rule is `prohibit`.
 */
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { routesInTable } from "@/lib/rules/route-facts";
import { entities } from "@/lib/rules/entities";
import type { Rule } from "@/lib/rules/types";

const BUILTIN = new Set(["main", "local", "default", "253", "254", "255"]);

export const ruleTableWithoutRouteRule: Rule = {
  id: "rule-table-without-route",
  severity: "medium",
  summary: "ip rule diverts to a routing table that has no routes",
  needs: [
    { kinds: ["ip-rule-json", "ip-rule"], what: "policy routing rules (ip rule)" },
    { kinds: ["ip-route-json", "ip-route"], what: "routes of all tables" },
  ],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      // Only judge tables the routes provably cover: `ip route show table all` (or routes of
      // some non-main table, which only that form prints), per address family.
      const coversAll = (family: 4 | 6) =>
        ctx.model.artifacts.some((a) => a.netns === view.inode && a.kind?.startsWith("ip-route") && (a.command?.argv ?? []).join(" ").includes("table all")) ||
        view.routes.some((r) => r.family === family && !["main", "local", "default", "254", "255", "253"].includes(r.table));
      for (const rule of view.rules) {
        if (!coversAll(rule.family)) continue;
        if (!rule.table || BUILTIN.has(rule.table)) continue;
        if (routesInTable(view, rule.table).some((r) => r.family === rule.family)) continue;
        findings.push({
          id: `rule-table-without-route:${view.inode}:${rule.family}:${rule.priority}:${rule.table}`,
          ruleId: "rule-table-without-route",
          severity: "medium",
          title: `ip rule ${rule.priority} in ${netnsLabel(ctx.index, view.inode)} looks up table ${rule.table}, which has no IPv${rule.family} routes`,
          explanation:
            `Rule \`${rule.priority}: ${rule.selector}\` sends matching traffic to table ${rule.table}, but that table is empty. The lookup falls through to the next rule, ` +
            "so the traffic is routed by the main table instead of the intended path (asymmetric replies, dropped by strict rp_filter), or by nothing.",
          remediation: `Populate table ${rule.table} (the component that owns the rule usually does), or delete the stale rule with \`ip rule del priority ${rule.priority}\`.`,
          references: ["https://man7.org/linux/man-pages/man8/ip-rule.8.html"],
          entities: entities({ netns: [view.inode] }),
          evidence: evidenceFrom(rule.src, `${rule.priority}: ${rule.selector}`),
        });
      }
    }
    return findings;
  },
};
