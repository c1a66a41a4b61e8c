/**
 * Where a request came from, for the audit log and link views. Next's server sets
 * X-Forwarded-For to the socket's address when the client did not send one; behind a
 * reverse proxy the proxy must set (not append to) it. The first entry is taken.
 */
export function clientIp(headers: Headers): string | null {
  const xff = headers.get("x-forwarded-for");
  const first = xff?.split(",")[0]?.trim();
  if (first) return first.replace(/^::ffff:/, "").slice(0, 64);
  return headers.get("x-real-ip")?.slice(0, 64) ?? null;
}

/** A coarse client description (browser family and OS, or the tool), never the full string. */
export function coarseClient(headers: Headers): string {
  const ua = headers.get("user-agent") ?? "";
  const tool = /^(curl|Wget|python-requests|Go-http-client|node)\b/i.exec(ua)?.[1];
  if (tool) return tool.toLowerCase();
  // Most specific first: Edge's string also names Chrome and Safari, Chrome's names Safari.
  const browser = ["Edg", "Firefox", "Chrome", "Safari"].find((b) => ua.includes(`${b}/`));
  const os = /\b(Windows|Mac OS X|Android|iPhone|Linux)\b/.exec(ua)?.[1];
  const name = browser === "Edg" ? "Edge" : browser;
  if (name || os) return [name ?? "browser", os ? `on ${os.replace("Mac OS X", "macOS")}` : ""].join(" ").trim();
  return ua ? "other" : "unknown";
}
