const STATUS_CLASS: Record<string, string> = {
  queued: "bg-zinc-200 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100",
  ingesting: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  ready: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  partial: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span data-testid="status-badge" className={`rounded px-1.5 py-0.5 text-[11px] font-medium ${STATUS_CLASS[status] ?? STATUS_CLASS.queued}`}>
      {status}
    </span>
  );
}
