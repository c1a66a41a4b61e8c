import { isAppError } from "@/lib/errors";

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

/**
 * A small self-contained HTML page for a link that cannot be used (404 unknown, 410
 * expired/revoked/used up), so the status code is the real one and a browser still shows
 * a readable message. API clients (Accept without text/html) get the usual JSON error.
 */
export function linkProblemResponse(e: unknown, request: Request, title: { gone: string; missing: string }): Response | null {
  if (!isAppError(e) || (e.code !== "GONE" && e.code !== "NOT_FOUND")) return null;
  const status = e.status;
  if (!(request.headers.get("accept") ?? "").includes("text/html")) {
    return Response.json({ error: { code: e.code, message: e.message, ...e.details } }, { status, headers: { "cache-control": "no-store" } });
  }
  const heading = e.code === "GONE" ? title.gone : title.missing;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(heading)}</title></head><body style="font:14px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><p style="font-weight:600"><span style="color:#0284c7">net</span>bundle</p><h1 style="font-size:1.1rem" data-testid="link-problem">${esc(heading)}</h1><p>${esc(e.message)}</p></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
