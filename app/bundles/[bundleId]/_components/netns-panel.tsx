"use client";
import type { TBridgeNode, TNetnsNode } from "@/lib/model/views/build-netns-graph";
import { Badges } from "./netns-node";

// Drill-in side panel: everything about the clicked namespace, as plain text.
export function NetnsPanel({ node }: { node: TNetnsNode | TBridgeNode | undefined }) {
  if (!node) return <aside className="rounded border border-dashed border-zinc-300 p-3 text-zinc-500 dark:border-zinc-700">Click a namespace to see its holders and interfaces.</aside>;
  if (node.type === "bridge")
    return (
      <aside className="space-y-2 rounded border border-zinc-200 p-3 dark:border-zinc-800" data-testid="netns-panel">
        <h3 className="font-semibold">Bridge {node.name}</h3>
        <p className="font-mono text-xs">{node.addresses.join(", ") || "no address"}</p>
        <p className="text-xs text-zinc-500">Ports: {node.ports.join(", ") || "none"}</p>
      </aside>
    );
  return (
    <aside className="max-h-[70vh] space-y-3 overflow-auto rounded border border-zinc-200 p-3 dark:border-zinc-800" data-testid="netns-panel">
      <div>
        <h3 className="font-semibold">{node.label}</h3>
        <p className="text-xs text-zinc-500">inode {node.inode}{node.names.length ? ` · names ${node.names.join(", ")}` : ""}</p>
        <div className="mt-1">
          <Badges n={node} />
        </div>
      </div>
      <section>
        <h4 className="text-xs font-semibold uppercase text-zinc-500">Held by</h4>
        {node.holders.length === 0 && <p className="text-xs text-zinc-500">No holder recorded.</p>}
        <ul className="space-y-1.5 text-xs">
          {node.holders.map((h, i) => (
            <li key={i}>
              <span className="mr-1 rounded bg-zinc-100 px-1 text-[10px] uppercase dark:bg-zinc-800">{h.kind}</span>
              <span className="font-mono">{h.label}</span>
              {/* Reparented alone is common (daemons, shims by design); the map's badge says when it is a finding. */}
              {h.pid !== undefined && node.orphanedHolders.includes(h.pid) && (
                <span className="ml-1 rounded bg-fuchsia-600 px-1 text-[10px] text-white" data-testid="holder-orphaned-shim">orphaned runtime shim (see findings)</span>
              )}
              {h.orphan && <span className="ml-1 rounded bg-zinc-200 px-1 text-[10px] text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200">reparented to PID 1</span>}
              {h.ancestry && h.ancestry.length > 1 && <div className="ml-2 font-mono text-[11px] text-zinc-500">{h.ancestry.join(" ← ")}</div>}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h4 className="text-xs font-semibold uppercase text-zinc-500">Interfaces</h4>
        <table className="w-full text-xs">
          <tbody>
            {node.interfaces.map((i) => (
              <tr key={i.ifindex} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                <td className="py-0.5 pr-2 font-mono">
                  {i.ifindex}: {i.name}
                  <div className="text-[10px] text-zinc-500">
                    {[i.kind, i.state, i.master ? `master ${i.master}` : null, i.peer ? `peer ${i.peer}` : null].filter(Boolean).join(" · ")}
                  </div>
                </td>
                <td className="py-0.5 font-mono">
                  {i.addresses.map((a) => (
                    <div key={a} className={node.dupIps.includes(a.split("/")[0] ?? "") ? "font-semibold text-red-600" : ""}>
                      {a}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </aside>
  );
}
