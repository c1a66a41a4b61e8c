/**
 * The explicit rule registry: TypeScript rules (joins) and declarative JSON rules, plus the
 * log signals they read, declared as data for the stream stage to match (lib/stream/signal-matcher).
 * runRules() evaluates each rule whose needs are met, lists the others under notEvaluated,
 * and turns a crashing rule into a notEvaluated entry rather than failing the analysis.
 */
import { collectHint } from "@/lib/rules/collect-hint";
import type { NodeModel } from "@/lib/model/types";
import { SEVERITY_RANK, type Finding, type NotEvaluated } from "@/lib/rules/finding";
import { buildIndex } from "@/lib/model/lookup";
import { ruleFromDeclaration, loadRulesDir } from "@/lib/rules/declarative";
import type { SignalSpec } from "@/lib/stream/signal-matcher";
import type { Rule } from "@/lib/rules/types";
import { linkFindings } from "@/lib/rules/link-findings";
import { duplicateIpRule } from "@/lib/rules/duplicate-ip";
import { netnsWithoutProcessRule } from "@/lib/rules/netns-without-process";
import { orphanedRuntimeShimRule } from "@/lib/rules/orphaned-runtime-shim";
import { mountPropagationRule } from "@/lib/rules/mount-propagation";
import { ipForwardDisabledRule } from "@/lib/rules/ip-forward-disabled";
import { rpFilterAsymmetricRule } from "@/lib/rules/rp-filter-asymmetric";
import { tcpTwRecycleNatRule } from "@/lib/rules/tcp-tw-recycle-nat";
import { forwardPolicyDropRule } from "@/lib/rules/forward-policy-drop";
import { dropRulesHitRule } from "@/lib/rules/drop-rules-hit";
import { rejectListeningPortRule } from "@/lib/rules/reject-listening-port";
import { podEgressWithoutMasqueradeRule } from "@/lib/rules/pod-egress-without-masquerade";
import { missingJumpTargetRule } from "@/lib/rules/missing-jump-target";
import { mixedIptablesBackendsRule } from "@/lib/rules/mixed-iptables-backends";
import { EGRESS_UNREACHABLE_SIGNAL, missingDefaultRouteRule } from "@/lib/rules/missing-default-route";
import { ruleTableWithoutRouteRule } from "@/lib/rules/rule-table-without-route";
import { runtimeStopIncompleteRule, RUNTIME_STOP_SIGNALS } from "@/lib/rules/runtime-stop-incomplete";
import { captureRefusedConnectionsRule } from "@/lib/rules/capture-refused-connections";
import { captureUnansweredSynsRule } from "@/lib/rules/capture-unanswered-syns";
import { captureIcmpRejectedRule } from "@/lib/rules/capture-icmp-rejected";
import { kubeProxyRestoreFailureRule, KUBE_PROXY_SIGNALS } from "@/lib/rules/kube-proxy-restore-failure";
import { serviceConnectStuckRule } from "@/lib/rules/service-connect-stuck";
import { cniDelFailureRule, CNI_DEL_SIGNALS } from "@/lib/rules/cni-del-failure";
import runtimeAbnormalExit from "@/lib/rules/declarative/runtime-abnormal-exit.json";
import kubeletOrphanedPod from "@/lib/rules/declarative/kubelet-orphaned-pod.json";
import bridgeNfCallIptablesOff from "@/lib/rules/declarative/bridge-nf-call-iptables-off.json";

const CODE_RULES: Rule[] = [
  duplicateIpRule,
  netnsWithoutProcessRule,
  orphanedRuntimeShimRule,
  mountPropagationRule,
  ipForwardDisabledRule,
  rpFilterAsymmetricRule,
  tcpTwRecycleNatRule,
  forwardPolicyDropRule,
  dropRulesHitRule,
  rejectListeningPortRule,
  podEgressWithoutMasqueradeRule,
  missingJumpTargetRule,
  mixedIptablesBackendsRule,
  missingDefaultRouteRule,
  ruleTableWithoutRouteRule,
  runtimeStopIncompleteRule,
  captureRefusedConnectionsRule,
  captureUnansweredSynsRule,
  captureIcmpRejectedRule,
  kubeProxyRestoreFailureRule,
  serviceConnectStuckRule,
  cniDelFailureRule,
];

const BUILTIN_DECLARATIONS: [unknown, string][] = [
  [runtimeAbnormalExit, "runtime-abnormal-exit.json"],
  [kubeletOrphanedPod, "kubelet-orphaned-pod.json"],
  [bridgeNfCallIptablesOff, "bridge-nf-call-iptables-off.json"],
];

export interface RuleSet {
  rules: Rule[];
  /** The log signals the rules read, as data: the stream stage compiles and matches them. */
  signals: SignalSpec[];
}

export function loadRuleSet(extraDir = process.env.NETBUNDLE_RULES_DIR): RuleSet {
  const declarations = [...BUILTIN_DECLARATIONS];
  if (extraDir) for (const raw of loadRulesDir(extraDir)) declarations.push([raw, extraDir]);
  const rules = [...CODE_RULES];
  const signals: SignalSpec[] = [...RUNTIME_STOP_SIGNALS, ...KUBE_PROXY_SIGNALS, ...CNI_DEL_SIGNALS, EGRESS_UNREACHABLE_SIGNAL];
  for (const [raw, origin] of declarations) {
    const { rule, def } = ruleFromDeclaration(raw, origin);
    if (rules.some((r) => r.id === rule.id)) throw new Error(`duplicate rule id ${rule.id} (${origin})`);
    rules.push(rule);
    if (def.type === "log-signal") signals.push(...def.signals);
  }
  return { rules, signals };
}

export function runRules(model: NodeModel, ruleSet: RuleSet = loadRuleSet()): { findings: Finding[]; notEvaluated: NotEvaluated[] } {
  const index = buildIndex(model);
  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];
  for (const rule of ruleSet.rules) {
    const missing = rule.needs.filter((n) => !n.kinds.some((k) => index.artifactKinds.has(k)));
    if (missing.length) {
      const why = model.bundle.root === false ? " (collected as non-root)" : "";
      const hint = collectHint(model, missing.flatMap((m) => m.kinds));
      notEvaluated.push({ ruleId: rule.id, reason: `not collected: ${missing.map((m) => m.what).join(", ")}${why}${hint}` });
      continue;
    }
    try {
      findings.push(...rule.evaluate({ model, index }));
    } catch (err) {
      notEvaluated.push({ ruleId: rule.id, reason: `rule failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.id.localeCompare(b.id));
  const hostNetns = new Set(model.namespaces.filter((n) => n.type === "net" && n.isHost).map((n) => n.inode));
  return { findings: linkFindings(findings, hostNetns), notEvaluated };
}
