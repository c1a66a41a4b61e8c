import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { middleware } from "@/middleware";

// The middleware alone (no server): the first gate of deny-by-default, CSRF and headers.
const BASE = "http://localhost:3000";
const call = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  middleware(new NextRequest(new URL(path, BASE), { method: init.method ?? "GET", headers: { host: "localhost:3000", ...init.headers } }));
const COOKIE = { cookie: "netbundle.session_token=abc.def" };

describe("middleware", () => {
  it("sends callers without any credential to sign-in (pages) or 401 (everything else)", async () => {
    const page = call("/cases?q=x", { headers: { accept: "text/html" } });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(`${BASE}/sign-in?next=%2Fcases%3Fq%3Dx`);
    expect(call("/api/bundles").status).toBe(401);
    expect(call("/bundles/x/timeline/events").status).toBe(401);
    expect(call("/api/bundles", { method: "POST" }).status).toBe(401);
  });

  it("lets the public paths and any credential through to the page, which checks it", () => {
    for (const p of ["/sign-in", "/api/auth/get-session", "/api/health", `/u/nbu_${"a".repeat(43)}`, `/s/nbs_${"a".repeat(43)}/view`, "/_next/static/x.js"]) {
      expect(call(p).headers.get("x-middleware-next"), p).toBe("1");
    }
    expect(call("/cases", { headers: COOKIE }).headers.get("x-middleware-next")).toBe("1");
    expect(call("/api/bundles", { headers: { authorization: "Bearer nbt_x" } }).headers.get("x-middleware-next")).toBe("1");
  });

  it("refuses state-changing requests with a session cookie from another origin", () => {
    expect(call("/api/bundles/x", { method: "DELETE", headers: { ...COOKIE, origin: "http://evil.example" } }).status).toBe(403);
    expect(call("/api/bundles/x", { method: "DELETE", headers: COOKIE }).status).toBe(403);
    expect(call("/api/bundles/x", { method: "DELETE", headers: { ...COOKIE, referer: "http://evil.example/page" } }).status).toBe(403);
    expect(call("/api/bundles/x", { method: "DELETE", headers: { ...COOKIE, origin: BASE } }).headers.get("x-middleware-next")).toBe("1");
    // A bearer token is no ambient credential: no Origin needed (curl, CI).
    expect(call("/api/bundles/x", { method: "DELETE", headers: { ...COOKIE, authorization: "Bearer nbt_x" } }).headers.get("x-middleware-next")).toBe("1");
  });

  it("answers 404 for anything under a link's address but its own pages", () => {
    for (const p of ["/s/T/findings/x", "/s/T/artifacts", "/s/T/timeline", "/u/T/bundles"]) expect(call(p, { headers: COOKIE }).status, p).toBe(404);
  });

  it("puts a fresh script nonce and the security headers on every response", () => {
    const a = call("/sign-in");
    const b = call("/api/bundles");
    const nonce = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce(a)).toMatch(/^[A-Za-z0-9+/=]{24}$/);
    expect(nonce(a)).not.toBe(nonce(b));
    for (const r of [a, b]) {
      const csp = r.headers.get("content-security-policy")!;
      expect(csp).toContain("frame-ancestors 'none'");
      expect(/script-src[^;]*'unsafe-inline'/.test(csp)).toBe(false);
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("no-referrer");
      expect(r.headers.get("strict-transport-security")).toBeNull();
    }
    expect(call("/sign-in", { headers: { "x-forwarded-proto": "https" } }).headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });
});
