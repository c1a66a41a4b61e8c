/**
 * How long a case keeps its bundles: the case's own setting when it has one (0 meaning
 * "keep forever" for that case, so a legal hold can be set against a global limit), else
 * NETBUNDLE_RETENTION_DAYS (0: off). Null means nothing expires.
 */
export function retentionDaysFor(caseDays: number | null, globalDays: number): number | null {
  const days = caseDays ?? globalDays;
  return days > 0 ? days : null;
}

/** Bundles uploaded before this instant have outlived `days`. */
export function retentionCutoff(days: number, now: Date): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** The setting as the admin page says it. */
export function describeRetention(caseDays: number | null, globalDays: number): string {
  if (caseDays === 0) return "kept forever (case setting)";
  if (caseDays !== null) return `${caseDays} days (case setting)`;
  return globalDays > 0 ? `${globalDays} days (default)` : "kept forever (default)";
}
