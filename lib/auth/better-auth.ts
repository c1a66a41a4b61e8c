import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit/record-audit";
import { authSecret } from "./auth-secret";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from "./passwords";
import { signInBackoff } from "./sign-in-backoff";
import { roleFromClaim, type TRole } from "./roles";

// better-auth sends anonymous telemetry only when asked to; make sure no environment
// variable can turn it on: the product must never call out.
delete process.env.BETTER_AUTH_TELEMETRY;
delete process.env.BETTER_AUTH_TELEMETRY_ENDPOINT;

export const OIDC_PROVIDER_ID = "oidc";
export const COOKIE_PREFIX = "netbundle";

// The IdP's role claim, for the user an OIDC sign-in creates. better-auth drops profile fields
// that are additional user fields with input: false (role must stay so: else anybody could set
// their own role through /update-user), so mapProfileToUser hands the role to the user-create
// hook of the same callback request through this map (by e-mail, kept a minute at most).
const oidcRoles = new Map<string, { role: TRole; at: number }>();
function takeOidcRole(email: string): TRole | null {
  const now = Date.now();
  for (const [k, v] of oidcRoles) if (now - v.at > 60_000) oidcRoles.delete(k);
  const hit = oidcRoles.get(email.toLowerCase());
  oidcRoles.delete(email.toLowerCase());
  return hit?.role ?? null;
}

const oidcEnabled = Boolean(env.NETBUNDLE_OIDC_ISSUER && env.NETBUNDLE_OIDC_CLIENT_ID && env.NETBUNDLE_OIDC_CLIENT_SECRET);

function oidcPlugins() {
  if (!oidcEnabled) return [];
  const issuer = env.NETBUNDLE_OIDC_ISSUER!.replace(/\/$/, "");
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          discoveryUrl: `${issuer}/.well-known/openid-configuration`,
          clientId: env.NETBUNDLE_OIDC_CLIENT_ID!,
          clientSecret: env.NETBUNDLE_OIDC_CLIENT_SECRET!,
          scopes: ["openid", "email", "profile"],
          pkce: true,
          // client_secret_basic: the method every OAuth server must support for confidential
          // clients (RFC 6749 2.3.1) and the OIDC default; better-auth would send client_secret_post.
          authentication: "basic",
          mapProfileToUser: (profile) => {
            const role = roleFromClaim(profile[env.NETBUNDLE_OIDC_ROLE_CLAIM]);
            if (typeof profile.email === "string") oidcRoles.set(profile.email.toLowerCase(), { role, at: Date.now() });
            return { role };
          },
        },
      ],
    }),
  ];
}

/** The origins a browser may send state-changing requests from: our own (and the configured base URL). */
export function trustedOrigins(request?: Request): string[] {
  const out: string[] = [];
  if (env.NETBUNDLE_BASE_URL) out.push(new URL(env.NETBUNDLE_BASE_URL).origin);
  const host = request?.headers.get("host");
  if (host) {
    const proto = request?.headers.get("x-forwarded-proto") === "https" ? "https" : "http";
    out.push(`${proto}://${host}`);
  }
  return out;
}

export const auth = betterAuth({
  appName: "netbundle",
  baseURL: env.NETBUNDLE_BASE_URL,
  secret: authSecret(),
  database: prismaAdapter(db, { provider: env.dbKind === "postgres" ? "postgresql" : "sqlite" }),
  telemetry: { enabled: false },
  trustedOrigins: (request) => trustedOrigins(request),
  emailAndPassword: {
    enabled: true,
    // Accounts are made by an admin (UI or `netbundle admin user add`), never by sign-up.
    disableSignUp: true,
    minPasswordLength: MIN_PASSWORD_LENGTH,
    maxPasswordLength: MAX_PASSWORD_LENGTH,
    password: { hash: hashPassword, verify: verifyPassword },
    revokeSessionsOnPasswordReset: true,
  },
  user: {
    additionalFields: {
      role: { type: "string", required: false, defaultValue: "engineer", input: false },
      disabledAt: { type: "date", required: false, input: false },
    },
  },
  account: { accountLinking: { enabled: true, trustedProviders: [OIDC_PROVIDER_ID] } },
  session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
  rateLimit: {
    enabled: true,
    storage: "database",
    window: 60,
    max: 120,
    customRules: { "/sign-in/email": { window: 60, max: 10 }, "/change-password": { window: 60, max: 5 } },
  },
  advanced: {
    cookiePrefix: COOKIE_PREFIX,
    useSecureCookies: env.NETBUNDLE_BASE_URL?.startsWith("https://") ?? false,
    defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
  },
  databaseHooks: {
    user: {
      create: {
        // A user made by an OIDC sign-in gets the role its IdP claim names (see oidcRoles).
        before: async (user) => {
          const role = typeof user.email === "string" ? takeOidcRole(user.email) : null;
          return role ? { data: { ...user, role } } : undefined;
        },
      },
    },
    session: {
      create: {
        // Covers every way in (password and OIDC): a disabled user gets no session.
        before: async (session) => {
          const user = await db.user.findUnique({ where: { id: session.userId }, select: { disabledAt: true } });
          if (!user || user.disabledAt) throw new APIError("FORBIDDEN", { message: "This account is disabled" });
        },
      },
    },
  },
  hooks: {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== "/sign-in/email") return;
      const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase();
      const wait = await signInBackoff(email);
      if (wait > 0) {
        throw new APIError("TOO_MANY_REQUESTS", { message: `Too many failed sign-ins for this account: try again in ${wait} s` });
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      const headers = ctx.headers ?? null;
      if (ctx.path === "/sign-in/email") {
        const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase().slice(0, 320);
        const session = ctx.context.newSession;
        if (session) await recordAudit({ actor: { type: "user", id: session.user.id, label: session.user.email }, action: "sign-in", headers, detail: { method: "password" } });
        else if (ctx.context.returned instanceof APIError && ctx.context.returned.status !== "TOO_MANY_REQUESTS") {
          await recordAudit({ actor: { type: "anonymous", label: email }, action: "sign-in-failed", headers });
        }
      } else if (ctx.path.startsWith("/callback/") && ctx.context.newSession) {
        const u = ctx.context.newSession.user;
        await recordAudit({ actor: { type: "user", id: u.id, label: u.email }, action: "sign-in", headers, detail: { method: "oidc" } });
      } else if (ctx.path === "/change-password" && !(ctx.context.returned instanceof APIError)) {
        const s = ctx.context.session;
        if (s) await recordAudit({ actor: { type: "user", id: s.user.id, label: s.user.email }, action: "password-change", headers });
      }
    }),
  },
  // nextCookies must stay last: it turns better-auth's Set-Cookie into Next's cookies() in server actions.
  plugins: [...oidcPlugins(), nextCookies()],
});

export const oidc = { enabled: oidcEnabled, name: env.NETBUNDLE_OIDC_NAME, providerId: OIDC_PROVIDER_ID };
