/**
 * Scenario 3's cause: the CNI plugin's DEL failed (its log lines, declared in
 * declarative/cni-del-failure.json, give the PID of /proc/PID/ns/net and sandbox ids).
 * Joined to the namespaces it left behind: a process-less netns the lines name by one of
 * its holder paths; else the one holding the IP the CNI ADD of the same container got (from
 * the plugin's ADD result lines); else every process-less netns that still carries an
 * address (the usual leftovers of a teardown that did not run) and was not named after the
 * first failure (the /run/netns entry's time).
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

/**
 * A CNI ADD result: the container and the address it was given, as plugins log it
 * ("CNI_COMMAND=ADD CNI_CONTAINERID=… … 198.18.0.5/24", Calico's "IPAM assigned addresses").
 */
const CNI_ADD_SIGNAL: SignalSpec = {
  id: "cni-add-result",
  keywords: ["CNI_COMMAND=ADD", "ADD ok", "IPAM assigned addresses"],
  pattern: String.raw`(?:CNI_COMMAND=ADD|ADD ok|IPAM assigned addresses).*?(?:CNI_CONTAINERID|ContainerID)=\\?"?(?<container>[0-9a-f]{12,64}).*?(?<ip>\d{1,3}(?:\.\d{1,3}){3})(?:/\d+)?|IPAM assigned addresses IPv4=\[(?<ip2>\d{1,3}(?:\.\d{1,3}){3})/\d+\].*?ContainerID="(?<container2>[0-9a-f]{12,64})"`,
};

/**
 * The pod of a failed DEL: kubelet's CNI driver writes "Error deleting NAMESPACE_NAME/SANDBOX
 * from network …" (pkg/kubelet/dockershim/network/cni), and plugins that log their
 * environment carry CNI_ARGS's K8S_POD_NAMESPACE / K8S_POD_NAME.
 */
const CNI_DEL_POD_SIGNAL: SignalSpec = {
  id: "cni-del-pod",
  keywords: ["Error deleting", "K8S_POD_NAME="],
  pattern: String.raw`Error deleting (?<podns>[a-z0-9-]+)_(?<pod>[a-z0-9.-]+)/(?<sandbox>[0-9a-f]{12,64}) from network|CNI_COMMAND=DEL.*?K8S_POD_NAMESPACE=(?<podns2>[a-z0-9-]+).*?K8S_POD_NAME=(?<pod2>[a-z0-9.-]+)`,
};

export const CNI_DEL_SIGNALS: SignalSpec[] = [...(def.type === "log-signal" ? def.signals : []), CNI_ADD_SIGNAL, CNI_DEL_POD_SIGNAL];

/** The sandboxes kubelet's DEL error lines name. */
function deletedSandboxes(ctx: RuleContext): string[] {
  return [...new Set(ctx.model.logSignals.flatMap((s) => (s.signal === CNI_DEL_POD_SIGNAL.id && s.groups.sandbox ? [s.groups.sandbox] : [])))];
}

/** "namespace/name" of the pods the failed DELs were for. */
function deletedPods(ctx: RuleContext): string[] {
  const pods = ctx.model.logSignals.flatMap((s) => {
    if (s.signal !== CNI_DEL_POD_SIGNAL.id) return [];
    const ns = s.groups.podns ?? s.groups.podns2;
    const name = s.groups.pod ?? s.groups.pod2;
    return ns && name ? [`${ns}/${name}`] : [];
  });
  return [...new Set(pods)];
}

/** Container id → the addresses its CNI ADD gave it (ids compared by prefix: logs print 12 or 64 characters). */
function addResults(ctx: RuleContext): { container: string; ip: string }[] {
  return ctx.model.logSignals.flatMap((s) => {
    if (s.signal !== CNI_ADD_SIGNAL.id) return [];
    const container = s.groups.container ?? s.groups.container2;
    const ip = s.groups.ip ?? s.groups.ip2;
    return container && ip ? [{ container, ip }] : [];
  });
}

const sameContainer = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/** Its /run/netns name and nsfs mount points, each once (a name is itself a bind mount at the same path). */
const holderPaths = (ns: Namespace) => [...new Set(ns.holders.flatMap((h) => (h.kind === "name" ? [h.path] : h.kind === "nsfs-mount" ? [h.mountPoint] : [])))];

/** Namespaces no process is in, kept by a name or a mount: what a failed teardown leaves. */
function leftovers(ctx: RuleContext): Namespace[] {
  return ctx.model.namespaces.filter((n) => n.type === "net" && !n.isHost && (ctx.index.pidsByNetns.get(n.inode) ?? []).length === 0 && holderPaths(n).length > 0);
}

export const cniDelFailureRule: Rule = {
  ...logRule,
  evaluate(ctx) {
    const [found] = logRule.evaluate(ctx);
    if (!found) return [];
    const base = { ...found, entities: entities({ ...found.entities, containers: [...(found.entities.containers ?? []), ...deletedSandboxes(ctx)] }) };
    const ids = new Set(CNI_DEL_SIGNALS.filter((s) => s !== CNI_ADD_SIGNAL && s !== CNI_DEL_POD_SIGNAL).map((s) => s.id));
    const lines = ctx.model.logSignals.filter((s) => ids.has(s.signal));
    const candidates = leftovers(ctx);
    // A name too short ("a", "ns1") would match by accident; container-ish names are long.
    const named = candidates.filter((n) => holderPaths(n).some((p) => {
      const word = p.slice(p.lastIndexOf("/") + 1);
      return word.length >= 6 && lines.some((l) => l.text.includes(word));
    }));
    const addressed = (n: Namespace) => (ctx.index.netnsByInode.get(n.inode)?.addresses ?? []).filter((a) => !isHostLocalAddress(a.address));
    // the DEL's containers → the IPs their ADD got → the leftover namespace that still holds one
    const deleted = base.entities.containers ?? [];
    const addedIps = addResults(ctx).filter((r) => deleted.some((c) => sameContainer(c, r.container))).map((r) => r.ip);
    const byAddIp = candidates.filter((n) => addressed(n).some((a) => addedIps.includes(a.address)));
    // a namespace named after the first failure cannot be what that DEL left behind
    const failedAt = base.ts ? Date.parse(base.ts) : NaN;
    const createdBefore = (n: Namespace) => {
      const mtimes = n.holders.flatMap((h) => (h.kind === "name" && h.mtime ? [Date.parse(h.mtime)] : []));
      return Number.isNaN(failedAt) || mtimes.length === 0 || mtimes.some((t) => t <= failedAt);
    };
    const joined = named.length ? named : byAddIp.length ? byAddIp : candidates.filter((n) => addressed(n).length > 0 && createdBefore(n));
    const pods = deletedPods(ctx);
    const podText = pods.length ? `\nThe pod${pods.length > 1 ? "s" : ""} whose teardown failed: ${pods.slice(0, 5).join(", ")}${pods.length > 5 ? ` and ${pods.length - 5} more` : ""}.` : "";
    if (joined.length === 0) return [{ ...base, explanation: base.explanation + podText }];
    const describe = (n: Namespace) => `${netnsLabel(ctx.index, n.inode)} (held by ${holderPaths(n).join(", ")}${addressed(n).length ? `, still carrying ${addressed(n).map((a) => a.address).join(", ")}` : ""})`;
    const finding: Finding = {
      ...base,
      explanation:
        base.explanation +
        podText +
        (named.length
          ? `\nThe lines name a namespace no process is in: ${joined.map(describe).join("; ")}.`
          : byAddIp.length
            ? `\nThe plugin's ADD gave the same container ${[...new Set(addedIps)].join(", ")}, still held by a namespace no process is in: ${joined.map(describe).join("; ")}.`
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
