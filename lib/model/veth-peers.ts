/**
 * Resolve veth peers across namespaces. `ip link` shows a veth's peer only as
 * "@ifN link-netnsid K", where K is an id local to the viewing netns (not an inode), so the
 * peer is found by mutual ifindex: interface A (ifindex a, peer p) in one netns pairs with
 * interface B (ifindex p, peer a) in another. Ambiguous matches are left unresolved.
 */
import type { NetnsView } from "@/lib/model/types";

export function resolveVethPeers(views: NetnsView[]): void {
  const byIfindex = new Map<number, { view: NetnsView; ifindex: number; name: string; peerIfindex?: number }[]>();
  for (const view of views) {
    for (const i of view.interfaces) {
      const list = byIfindex.get(i.ifindex) ?? [];
      list.push({ view, ifindex: i.ifindex, name: i.name, peerIfindex: i.peerIfindex });
      byIfindex.set(i.ifindex, list);
    }
  }
  for (const view of views) {
    for (const i of view.interfaces) {
      if (i.peerIfindex === undefined || i.peer) continue;
      const sameNs = i.peerNetnsId === undefined;
      const candidates = (byIfindex.get(i.peerIfindex) ?? []).filter(
        (c) => c.peerIfindex === i.ifindex && (sameNs ? c.view === view : c.view !== view),
      );
      if (candidates.length !== 1) continue;
      const c = candidates[0]!;
      i.peer = { netns: c.view.inode, ifname: c.name, ifindex: c.ifindex };
    }
  }
}
