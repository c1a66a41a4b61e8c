import { SEVERITIES } from "@/lib/rules/finding";
import { SeverityBadge } from "./severity-badge";

export function SeverityCounts({ counts }: { counts: Record<string, number> }) {
  const shown = SEVERITIES.filter((s) => (counts[s] ?? 0) > 0);
  if (shown.length === 0) return <span className="text-xs text-zinc-400">none</span>;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {shown.map((s) => (
        <SeverityBadge key={s} severity={s} count={counts[s]} />
      ))}
    </span>
  );
}
