import fs from "node:fs";
import path from "node:path";
import { expect, request as pwRequest, test } from "@playwright/test";

/**
 * Deny by default, checked on the real server: every page and route file under app/ is
 * requested without credentials, and again with a forged session cookie (so the page or
 * route checks the session itself, not only the middleware's "a cookie exists" gate). Only
 * the short allow-list below may answer, and those only with what their token allows (an
 * unknown link token gets 404). A new route file is covered the moment it exists.
 */
const PUBLIC: Record<string, (status: number) => boolean> = {
  "/sign-in": (s) => s === 200,
  "/api/auth/[...all]": (s) => s < 500,
  "/api/health": (s) => s === 200,
  "/u/[token]": (s) => s === 404,
  "/u/[token]/upload": (s) => s === 404,
  "/u/[token]/collector.sh": (s) => s === 404,
  "/s/[token]": (s) => s === 404,
  "/s/[token]/view": (s) => s === 404,
};

type TRoute = { pattern: string; methods: string[] };

function routeFiles(dir = "app", base = ""): TRoute[] {
  const out: TRoute[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      // (group) folders and _private folders are not URL segments / not routes.
      if (e.name.startsWith("_")) continue;
      const seg = e.name.startsWith("(") ? "" : `/${e.name}`;
      out.push(...routeFiles(full, base + seg));
    } else if (e.name === "page.tsx") {
      out.push({ pattern: base || "/", methods: ["GET"] });
    } else if (e.name === "route.ts") {
      const src = fs.readFileSync(full, "utf8");
      const fns = [...src.matchAll(/export async function (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
      const destructured = /export const \{([^}]+)\}/.exec(src)?.[1]?.split(",").map((s) => s.trim()) ?? [];
      out.push({ pattern: base, methods: [...new Set([...fns, ...destructured])] });
    }
  }
  return out;
}

/** A concrete URL for a pattern: ids that exist nowhere, link tokens of the right shape that match nothing. */
function sampleUrl(pattern: string): string {
  return pattern
    .replace("[token]", pattern.startsWith("/u/") ? `nbu_${"Q".repeat(43)}` : `nbs_${"Q".repeat(43)}`)
    .replace("[...all]", "get-session")
    .replace("[...path]", "host/ps.txt")
    .replace(/\[(\w+)\]/g, "nosuch-$1");
}

// 303 from the middleware; 307 from a page's own redirect() (Next's status for it).
const denied = (status: number, location: string | undefined) => status === 401 || ((status === 303 || status === 307) && /^(https?:\/\/[^/]+)?\/sign-in/.test(location ?? ""));

test("every page and route refuses a caller without credentials, except the allow-list", async ({ baseURL }) => {
  const routes = routeFiles();
  expect(routes.length).toBeGreaterThan(20);
  // The allow-list names real files: a renamed public route must be renamed here too.
  for (const p of Object.keys(PUBLIC)) expect(routes.map((r) => r.pattern), `allow-listed ${p} exists`).toContain(p);

  const anon = await pwRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const forged = await pwRequest.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { cookie: "netbundle.session_token=forged.forged", origin: baseURL! },
  });
  const problems: string[] = [];
  for (const r of routes) {
    const url = sampleUrl(r.pattern);
    for (const method of r.methods) {
      for (const [who, ctx] of [["anonymous", anon], ["forged cookie", forged]] as const) {
        const res = await ctx.fetch(url, { method, maxRedirects: 0, headers: { accept: "text/html" }, data: method === "GET" ? undefined : "" });
        const ok = PUBLIC[r.pattern]?.(res.status()) ?? denied(res.status(), res.headers()["location"]);
        if (!ok) problems.push(`${method} ${url} (${who}): ${res.status()} ${res.headers()["location"] ?? ""}`);
      }
    }
  }
  expect(problems).toEqual([]);
  await anon.dispose();
  await forged.dispose();
});
