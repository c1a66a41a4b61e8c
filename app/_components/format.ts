// Display helpers shared by server and client components. All times are shown in UTC.

export function fmtBytes(n: number | bigint | null | undefined): string {
  if (n === null || n === undefined) return "—";
  let v = Number(n);
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 && i > 0 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function fmtUtc(d: Date | string | null | undefined, withMs = false): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return String(d);
  const iso = date.toISOString();
  return (withMs ? iso.slice(0, 23) : iso.slice(0, 19)).replace("T", " ") + "Z";
}

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** URL of the artifact viewer at a line; each path segment is encoded on its own. */
export function artifactHref(bundleId: string, artifact: string, line?: number | null): string {
  const p = artifact.split("/").map(encodeURIComponent).join("/");
  const base = `/bundles/${encodeURIComponent(bundleId)}/artifacts/${p}`;
  return line ? `${base}?line=${line}#L${line}` : base;
}

export function findingHref(bundleId: string, key: string): string {
  return `/bundles/${encodeURIComponent(bundleId)}/findings/${encodeURIComponent(key)}`;
}
