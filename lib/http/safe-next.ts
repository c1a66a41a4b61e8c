/** A post-sign-in target: only a path on this site (no scheme, no //host, no backslash tricks). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\") || /[\u0000-\u001f]/.test(next)) return "/";
  return next.slice(0, 2000);
}
