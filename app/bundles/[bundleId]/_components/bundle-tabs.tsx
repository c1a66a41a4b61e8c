"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { seg: "", label: "Overview" },
  { seg: "findings", label: "Findings" },
  { seg: "timeline", label: "Timeline" },
  { seg: "netns", label: "Namespaces" },
  { seg: "artifacts", label: "Artifacts" },
  { seg: "packets", label: "Packets" },
  { seg: "links", label: "Shared links" },
];

export function BundleTabs({ bundleId, findingCount }: { bundleId: string; findingCount: number }) {
  const pathname = usePathname();
  const base = `/bundles/${encodeURIComponent(bundleId)}`;
  const rest = pathname.startsWith(base) ? pathname.slice(base.length).split("/")[1] ?? "" : "";
  return (
    <nav className="flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800" aria-label="Bundle sections">
      {TABS.map((t) => {
        const active = rest === t.seg;
        return (
          <Link
            key={t.seg}
            href={t.seg ? `${base}/${t.seg}` : base}
            aria-current={active ? "page" : undefined}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 ${active ? "border-sky-600 font-medium text-sky-700 dark:text-sky-400" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"}`}
          >
            {t.label}
            {t.seg === "findings" && findingCount > 0 && <span className="ml-1 rounded bg-zinc-200 px-1 text-[11px] tabular-nums dark:bg-zinc-800">{findingCount}</span>}
          </Link>
        );
      })}
    </nav>
  );
}
