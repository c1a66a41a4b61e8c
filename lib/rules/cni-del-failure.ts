/**
 * Scenario 3's cause: the CNI plugin's DEL failed (its log lines, declared in
 * declarative/cni-del-failure.json, give the PID of /proc/PID/ns/net and sandbox ids).
 * Joined to the namespaces it left behind: a process-less netns the lines name by one of
 * its holder paths, else every process-less netns that still carries an address (the usual
 * leftovers of a teardown that did not run), with their addresses and holder paths.
 */
import declaration from "@/lib/rules/declarative/cni-del-failure.json";
import type { Namespace } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";
import { netnsLabel } from "@/lib/model/lookup";
import { ruleFromDeclaration } from "@/lib/rules/declarative";
import { entities } from "@/lib/rules/entities";
import { isHostLocalAddress } from "@/lib/rules/route-facts";
import type { SignalSpec } from "@/lib/stream/signal-matcher";
import type { Rule, RuleContext } from "@/lib/rules/types";

const { rule: logRule, def } = ruleFromDeclaration(declaration, "cni-del-failure.json");

export const CNI_DEL_SIGNALS: SignalSpec[] = def.type === "log-signal" ? def.signals : [];

const holderPaths = (ns: Namespace) => ns.holders.flatMap((h) => (h.kind === "name" ? [h.path] : h.kind === "nsfs-mount" ? [h.mountPoint] : []));

/** Namespaces no process is in, kept by a name or a mount: what a failed teardown leaves. */
function leftovers(ctx: RuleContext): Namespace[] {
  return ctx.model.namespaces.filter((n) => n.type === "net" && !n.isHost && (ctx.index.pidsByNetns.get(n.inode) ?? []).length === 0 && holderPaths(n).length > 0);
}

export const cniDelFailureRule: Rule = {
  ...logRule,
  evaluate(ctx) {
    const [base] = logRule.evaluate(ctx);
    if (!base) return [];
    const ids = new Set(CNI_DEL_SIGNALS.map((s) => s.id));
    const lines = ctx.model.logSignals.filter((s) => ids.has(s.signal));
    const candidates = leftovers(ctx);
    // A name too short ("a", "ns1") would match by accident; container-ish names are long.
    const named = candidates.filter((n) => holderPaths(n).some((p) => {
      const word = p.slice(p.lastIndexOf("/") + 1);
      return word.length >= 6 && lines.some((l) => l.text.includes(word));
    }));
    const addressed = (n: Namespace) => (ctx.index.netnsByInode.get(n.inode)?.addresses ?? []).filter((a) => !isHostLocalAddress(a.address));
    const joined = named.length ? named : candidates.filter((n) => addressed(n).length > 0);
    if (joined.length === 0) return [base];
    const describe = (n: Namespace) => `${netnsLabel(ctx.index, n.inode)} (held by ${holderPaths(n).join(", ")}${addressed(n).length ? `, still carrying ${addressed(n).map((a) => a.address).join(", ")}` : ""})`;
    const finding: Finding = {
      ...base,
      explanation:
        base.explanation +
        (named.length
          ? `\nThe lines name a namespace no process is in: ${joined.map(describe).join("; ")}.`
          : `\nNamespaces no process is in that still carry an address, the usual leftovers of a DEL that did not run: ${joined.map(describe).join("; ")}.`),
      entities: entities({
        ...base.entities,
        ips: [...(base.entities.ips ?? []), ...joined.flatMap((n) => addressed(n).map((a) => a.address))],
        netns: joined.map((n) => n.inode),
        paths: [...(base.entities.paths ?? []), ...joined.flatMap(holderPaths)],
      }),
    };
    return [finding];
  },
};
