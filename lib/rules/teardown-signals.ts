/**
 * Log lines of pod teardowns that failed (CNI DEL errors, kubelet killing unwanted or finding
 * orphaned pods): how a pod's netns is left behind (scenario 3). A netns finding cites them so
 * the engineer sees the dead namespace and the failed teardown side by side, with their times.
 *
 * The logs rarely name the namespace itself (CNI_NETNS is /proc/PID/ns/net of a process that
 * is gone), so a line that does name one of its holders (a /run/netns name, a bind-mount path)
 * comes first and is called out; the others are offered as the likely cause, not as proof.
 */
import type { LogSignal, NodeModel } from "@/lib/model/types";

/** CNI first: its DEL failure is the teardown that did not run; kubelet lines date it. */
const TEARDOWN_SIGNALS = ["cni-statfs-failure", "cni-del-error", "kubelet-orphaned-pod", "kubelet-killing-unwanted"];

/** The finding (of the declarative log rule that declares the signal) a teardown line belongs to. */
const CAUSE_OF_SIGNAL: Record<string, string> = {
  "cni-statfs-failure": "cni-del-failure",
  "cni-del-error": "cni-del-failure",
  "kubelet-orphaned-pod": "kubelet-orphaned-pod",
  "kubelet-killing-unwanted": "kubelet-orphaned-pod",
};

/** The findings these teardown lines belong to, CNI's first: its failed DEL is the teardown that did not run. */
export function teardownCauses(lines: LogSignal[]): string[] {
  const ids = new Set(lines.flatMap((l) => CAUSE_OF_SIGNAL[l.signal] ?? []));
  const order = Object.values(CAUSE_OF_SIGNAL);
  return [...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export interface TeardownLines {
  /** Lines naming one of the netns's holder paths (by its last path segment). */
  naming: LogSignal[];
  /** The other teardown failures of the bundle, earliest first. */
  others: LogSignal[];
}

export function teardownLines(model: NodeModel, holderPaths: string[], max = 3): TeardownLines {
  // A name too short ("a", "ns1") would match by accident; container-ish names are long.
  const words = holderPaths.map((p) => p.slice(p.lastIndexOf("/") + 1)).filter((w) => w.length >= 6);
  const rank = (s: LogSignal) => TEARDOWN_SIGNALS.indexOf(s.signal);
  const seen = new Set<string>();
  const lines = model.logSignals
    .filter((s) => rank(s) >= 0)
    // one record can match two teardown signals: cite it once
    .filter((s) => !seen.has(`${s.artifact}:${s.line}`) && seen.add(`${s.artifact}:${s.line}`))
    .sort((a, b) => rank(a) - rank(b) || (a.ts ?? "").localeCompare(b.ts ?? "") || a.line - b.line);
  const naming = lines.filter((s) => words.some((w) => s.text.includes(w)));
  const others = lines.filter((s) => !naming.includes(s));
  // Chosen by kind (CNI first), told in time order.
  const byTime = (a: LogSignal, b: LogSignal) => (a.ts ?? "").localeCompare(b.ts ?? "") || a.line - b.line;
  return { naming: naming.slice(0, max).sort(byTime), others: others.slice(0, Math.max(0, max - naming.length)).sort(byTime) };
}
