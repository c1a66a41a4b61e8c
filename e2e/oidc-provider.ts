import http from "node:http";
import Provider from "oidc-provider";
import { OIDC } from "./e2e-env";

export type TOidcUser = { email: string; name: string; role?: string };

/**
 * A real OpenID Provider (oidc-provider v9) on 127.0.0.1 at the port playwright.config.ts gave
 * the server as NETBUNDLE_OIDC_ISSUER: one confidential client (the netbundle server, PKCE
 * required, client_secret_basic), accounts keyed by login name, and the provider's own
 * development login and consent pages (devInteractions: any password is accepted). Claims:
 * email + email_verified (scope email), name + netbundle_role (scope profile).
 */
export async function startOidcProvider(users: Record<string, TOidcUser>): Promise<{ close: () => Promise<void>; errors: string[] }> {
  const provider = new Provider(OIDC.issuer, {
    clients: [
      {
        client_id: OIDC.clientId,
        client_secret: OIDC.clientSecret,
        redirect_uris: [OIDC.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "netbundle_role"] },
    cookies: { keys: ["e2e-only-cookie-key-0123456789abcdef"] },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, sub) => {
      const u = users[sub];
      if (!u) return undefined;
      return { accountId: sub, claims: () => ({ sub, email: u.email, email_verified: true, name: u.name, ...(u.role ? { netbundle_role: u.role } : {}) }) };
    },
  });
  const errors: string[] = [];
  for (const ev of ["server_error", "authorization.error", "grant.error", "userinfo.error", "introspection.error"]) {
    provider.on(ev, (...args: unknown[]) => errors.push(`${ev}: ${args.map((a) => (a instanceof Error ? `${a.name} ${a.message}` : "")).join(" ")}`));
  }
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(OIDC.port, "127.0.0.1", () => resolve());
  });
  return {
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
