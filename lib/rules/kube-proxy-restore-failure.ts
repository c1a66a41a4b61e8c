/**
 * Scenario 5: kube-proxy's iptables-restore batches fail (its log lines, declared in
 * declarative/kube-proxy-restore-failure.json). Joined to the node: kube-proxy's PID, the
 * missing chain the error names, and the services (VIP:port, chain or IPVS) kube-proxy programs,
 * which are not (re)programmed while its batches fail. Mixed iptables backends or a missing
 * jump target in the same namespaces are the cause when their findings exist.
 */
import declaration from "@/lib/rules/declarative/kube-proxy-restore-failure.json";
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom } from "@/lib/model/lookup";
import { ruleFromDeclaration } from "@/lib/rules/declarative";
import { entities } from "@/lib/rules/entities";
import { serviceRules } from "@/lib/rules/kube-proxy-facts";
import type { SignalSpec } from "@/lib/stream/signal-matcher";
import type { Rule } from "@/lib/rules/types";

const { rule: logRule, def } = ruleFromDeclaration(declaration, "kube-proxy-restore-failure.json");

export const KUBE_PROXY_SIGNALS: SignalSpec[] = def.type === "log-signal" ? def.signals : [];

const MAX_SERVICES = 20;

export const kubeProxyRestoreFailureRule: Rule = {
  ...logRule,
  evaluate(ctx) {
    const [base] = logRule.evaluate(ctx);
    if (!base) return [];
    const proxies = ctx.model.processes.filter((p) => p.comm === "kube-proxy");
    const services = serviceRules(ctx.model).slice(0, MAX_SERVICES);
    const missing = base.entities.chains ?? [];
    // With the node's own backend known: the services whose rules are only in the other one.
    const mode = ctx.model.bundle.iptablesMode;
    const inMode = new Set(services.filter((s) => s.backend === mode).map((s) => `${s.netns}/${s.service}/${s.proto}`));
    const absent = mode ? services.filter((s) => s.backend !== mode && s.backend !== "ipvs" && !inMode.has(`${s.netns}/${s.service}/${s.proto}`)) : [];
    // Where kube-proxy's rules live: the namespaces with service rules, or kube-proxy's own.
    const netns = [...new Set([...services.flatMap((s) => (s.netns === undefined ? [] : [s.netns])), ...proxies.flatMap((p) => (p.ns.net === undefined ? [] : [p.ns.net]))])];
    const finding: Finding = {
      ...base,
      explanation:
        base.explanation +
        (proxies.length ? `\nkube-proxy runs as ${proxies.map((p) => `PID ${p.pid}`).join(", ")}.` : "") +
        (missing.length ? `\nThe chain its batch needs and cannot find: ${missing.join(", ")}.` : "") +
        (services.length
          ? `\nServices it programs on this node, not updated while its batches fail: ${services.map((s) => `${s.service}${s.target ? ` (${s.target}, ${s.backend})` : ""}`).join(", ")}.`
          : "") +
        (absent.length
          ? `\nMissing from the backend the node's iptables uses (${mode}), so not applied to traffic the way the node's tools see it: ${absent.map((s) => `${s.service} (${s.target ?? "?"})`).join(", ")}.`
          : ""),
      entities: entities({
        ...base.entities,
        ips: [...(base.entities.ips ?? []), ...services.map((s) => s.ip)],
        ports: services.map((s) => s.port),
        services: services.map((s) => s.service),
        netns,
        pids: [...(base.entities.pids ?? []), ...proxies.map((p) => p.pid)],
        chains: [...missing, ...services.flatMap((s) => (s.target && s.backend !== "ipvs" ? [s.target] : []))],
      }),
      evidence: [...base.evidence, ...proxies.slice(0, 2).flatMap((p) => evidenceFrom(p.src, p.args || p.comm)), ...services.slice(0, 5).flatMap((s) => s.lines.flatMap((l) => evidenceFrom(l.src, l.text)))],
      // the backends disagree (scenario 5): the mixed-backend and missing-chain findings of those namespaces explain it
      causedBy: netns.flatMap((n) => [
        `mixed-iptables-backends:${n}:4`,
        `mixed-iptables-backends:${n}:6`,
        ...missing.flatMap((chain) => ["nf_tables", "legacy"].flatMap((backend) => [4, 6].flatMap((fam) => ["nat", "filter"].map((table) => `missing-jump-target:${n}:${fam}:${backend}:${table}:${chain}`)))),
      ]),
    };
    return [finding];
  },
};
