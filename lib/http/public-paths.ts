/**
 * The only paths that answer without a session or API token. Everything else is refused by
 * the middleware before it reaches a page or route (and each page and route checks the
 * caller itself as well). test/routes/route-inventory.test.ts holds every route file of
 * app/ against this list, so a new route cannot be forgotten.
 *  - the sign-in page and better-auth's own endpoints (sign-in, sign-out, OIDC callback);
 *  - a customer upload link (the token is the credential): /u/T (GET: state, POST: upload),
 *    its upload page and the collector script;
 *  - an incident link (the token is the credential): /s/T and its view page;
 *  - the health check; Next's static assets.
 */
const PUBLIC = [/^\/sign-in$/, /^\/api\/auth\/.+/, /^\/u\/[^/]+(\/upload|\/collector\.sh)?$/, /^\/s\/[^/]+(\/view)?$/, /^\/api\/health$/, /^\/_next\/static\//, /^\/favicon\.ico$/];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC.some((re) => re.test(pathname));
}
