/** The JSON report: a stable, documented shape for CI pipelines (see README "CLI"). */
import type { AnalysisResult } from "@/lib/analyze/types";

export function toJsonReport(r: AnalysisResult) {
  const { model } = r;
  const netnsByInode = new Map(model.netns.map((n) => [n.inode, n]));
  return {
    bundle: {
      host: model.bundle.host,
      kernel: model.bundle.kernel,
      collectedAt: model.bundle.collectedAt,
      collector: model.bundle.collector,
      root: model.bundle.root,
      complete: r.complete,
    },
    artifacts: model.artifacts.map((a) => ({
      path: a.path,
      kind: a.kind,
      records: a.records,
      warnings: a.warnings,
      error: a.error,
    })),
    namespaces: model.namespaces.map((ns) => {
      const view = ns.type === "net" ? netnsByInode.get(ns.inode) : undefined;
      return {
        inode: ns.inode,
        type: ns.type,
        isHost: ns.isHost,
        reachedVia: ns.reachedVia,
        holders: ns.holders,
        interfaces: view?.interfaces.map((i) => ({ name: i.name, ifindex: i.ifindex, mac: i.mac, state: i.state, kind: i.linkKind, master: i.master, peer: i.peer })) ?? [],
        addresses: view?.addresses.map((a) => ({ address: a.address, prefixLen: a.prefixLen, ifname: a.ifname, family: a.family })) ?? [],
      };
    }),
    captures: model.captures.map((c) => ({ artifact: c.artifact, packets: c.packets, firstTs: c.firstTs, lastTs: c.lastTs, error: c.error })),
    findings: r.findings,
    notEvaluated: r.notEvaluated,
    errors: [...r.errors, ...model.errors],
  };
}
