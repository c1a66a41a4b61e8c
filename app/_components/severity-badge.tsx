// One colour per severity everywhere (lists, finding pages, timeline, map legend).

export const SEVERITY_CLASS: Record<string, string> = {
  critical: "bg-red-600 text-white",
  high: "bg-orange-500 text-white",
  medium: "bg-amber-300 text-amber-950",
  low: "bg-sky-200 text-sky-950 dark:bg-sky-800 dark:text-sky-50",
  info: "bg-zinc-200 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100",
};

export const SEVERITY_FILL: Record<string, string> = {
  critical: "#dc2626",
  high: "#f97316",
  medium: "#fbbf24",
  low: "#7dd3fc",
  info: "#a1a1aa",
};

export function SeverityBadge({ severity, count }: { severity: string; count?: number }) {
  const cls = SEVERITY_CLASS[severity] ?? SEVERITY_CLASS.info;
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase leading-none ${cls}`}>
      {severity}
      {count !== undefined && <span className="tabular-nums">{count}</span>}
    </span>
  );
}
