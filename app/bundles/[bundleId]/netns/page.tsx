import { getBundleModelPieces } from "@/lib/queries/get-bundle-model";
import { buildNetnsGraph } from "@/lib/model/views/build-netns-graph";
import { listOrphanedShimPids } from "@/lib/queries/list-orphaned-shim-pids";
import { NetnsGraph } from "../_components/netns-graph";
import { requirePageCaller } from "@/lib/auth/caller";

// Network-namespace map: the graph is derived on the server, laid out and drawn in the browser.
// ?netns=<inode> opens it (the links on a finding's namespaces).
export default async function NetnsPage({ params, searchParams }: { params: Promise<{ bundleId: string }>; searchParams: Promise<{ netns?: string | string[] }> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  const focusParam = (await searchParams).netns;
  const focus = typeof focusParam === "string" && /^\d{1,12}$/.test(focusParam) ? Number(focusParam) : undefined;
  const model = await getBundleModelPieces({ bundleId, keys: ["processes", "namespaces", "netns"] });
  if (!model) return <p className="text-zinc-500">The namespace map appears once the bundle is ingested.</p>;
  const graph = buildNetnsGraph(model, { orphanedShimPids: await listOrphanedShimPids({ bundleId }) });
  const dups = Object.entries(graph.dupIps);
  // MACs for the map's search (the graph's interfaces carry none).
  const macs = Object.fromEntries(model.netns.map((v) => [`ns:${v.inode}`, v.interfaces.flatMap((i) => (i.mac ? [i.mac] : []))]));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-4 text-xs" data-testid="netns-legend">
        <span className="flex items-center gap-1"><span className="inline-block h-3 w-3 rounded-sm border-2 border-red-500" /> duplicate IP</span>
        <span className="flex items-center gap-1"><span className="inline-block h-3 w-3 rounded-sm border-2 border-amber-500" /> no process (held by mount or name)</span>
        <span className="flex items-center gap-1"><span className="inline-block h-3 w-3 rounded-sm border-2 border-fuchsia-500" /> held by an orphaned runtime shim (see findings)</span>
        <span className="flex items-center gap-1"><span className="inline-block h-3 w-3 rounded-sm border-2 border-sky-500" /> host</span>
        <span className="flex items-center gap-1"><span className="inline-block h-3 w-3 rounded-full border-2 border-emerald-500" /> bridge</span>
        <span className="ml-auto text-zinc-500">{graph.nodes.filter((n) => n.type === "netns").length} namespaces</span>
      </div>
      {dups.length > 0 && (
        <p className="rounded bg-red-50 px-2 py-1 text-red-800 dark:bg-red-950/40 dark:text-red-200" data-testid="dup-ip-summary">
          {dups.map(([ip, homes]) => `${ip} is in ${homes.length} namespaces (${homes.join(", ")})`).join("; ")}
        </p>
      )}
      <NetnsGraph graph={graph} macs={macs} focus={focus} />
    </div>
  );
}
