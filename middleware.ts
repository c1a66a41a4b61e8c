import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath } from "@/lib/http/public-paths";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

// Runs before every request (edge runtime: no database here). It
//  1. makes a CSP nonce per request and sets the security headers on every response;
//  2. refuses cross-origin state-changing requests that carry a session cookie (CSRF);
//  3. turns away requests with neither a session cookie nor a bearer token on every path
//     but the public ones (pages → sign-in, the rest → 401). Pages and routes still check
//     the session itself: a cookie that merely exists proves nothing.
const SESSION_COOKIES = ["netbundle.session_token", "__Secure-netbundle.session_token"];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function middleware(request: NextRequest) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const csp = contentSecurityPolicy(nonce);
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const { pathname } = request.nextUrl;
  const hasCookie = SESSION_COOKIES.some((n) => request.cookies.has(n));
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const hasBearer = bearer !== undefined;

  const finish = (res: NextResponse) => {
    for (const [k, v] of Object.entries(securityHeaders(csp, https))) res.headers.set(k, v);
    return res;
  };

  if (!SAFE_METHODS.has(request.method) && hasCookie && !hasBearer && !sameOrigin(request)) {
    return finish(NextResponse.json({ error: { code: "FORBIDDEN", message: "Cross-origin request refused" } }, { status: 403 }));
  }

  // Under a link's address only its own pages exist: whatever else a link holder tries there
  // (findings, artifacts, timeline, ...) is not found, whoever asks.
  if (/^\/[su]\/[^/]+\/./.test(pathname) && !isPublicPath(pathname)) {
    return finish(NextResponse.json({ error: { code: "NOT_FOUND", message: "Not found" } }, { status: 404 }));
  }

  // A link's token (nbu_/nbs_) sent as a bearer reaches nothing, pages included (the routes and
  // pages would refuse it too, but a page that threw on it answered 500).
  if (bearer && /^nb[su]_/.test(bearer) && !isPublicPath(pathname)) {
    return finish(NextResponse.json({ error: { code: "NOT_FOUND", message: "Not found" } }, { status: 404 }));
  }

  if (!isPublicPath(pathname) && !hasCookie && !hasBearer) {
    const wantsPage = request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html");
    if (wantsPage) {
      const to = request.nextUrl.clone();
      to.pathname = "/sign-in";
      to.search = `?next=${encodeURIComponent(pathname + request.nextUrl.search)}`;
      return finish(NextResponse.redirect(to, 303));
    }
    return finish(NextResponse.json({ error: { code: "UNAUTHORIZED", message: "Sign in or send Authorization: Bearer <API token>" } }, { status: 401 }));
  }

  const requestHeaders = new Headers(request.headers);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-netbundle-path", pathname + request.nextUrl.search);
  return finish(NextResponse.next({ request: { headers: requestHeaders } }));
}

/** The Origin (or, without one, the Referer) names this very host. */
function sameOrigin(request: NextRequest): boolean {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const from = request.headers.get("origin") ?? refererOrigin(request.headers.get("referer"));
  if (!from || !host) return false;
  try {
    return new URL(from).host === host;
  } catch {
    return false;
  }
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

export const config = {
  // Every path, static assets included (they get the security headers too).
  matcher: "/:path*",
};
