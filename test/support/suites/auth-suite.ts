import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";

/**
 * Accounts through better-auth's real endpoints (auth.handler) on a real database, so
 * sign-in, sessions, backoff, disabling and tokens are tested as the server runs them.
 * Run by auth.sqlite.test.ts and auth.pg.test.ts (the caller mocks server-only).
 */
export function authTests(title: string, create: () => Promise<TempDatabase>) {
  const env = withTempDatabase(
    create,
    async () => ({
      db: await import("@/lib/db"),
      auth: await import("@/lib/auth/better-auth"),
      users: await import("@/lib/auth/users"),
      caller: await import("@/lib/auth/caller"),
      tokens: await import("@/lib/auth/api-tokens"),
      bootstrap: await import("@/lib/auth/bootstrap-admin"),
      backoff: await import("@/lib/auth/sign-in-backoff"),
    }),
  );
  const m = env.mods;
  const ORIGIN = "http://localhost:3000";
  const SYSTEM = { type: "system" } as const;

  async function signIn(email: string, password: string, ip = "198.18.0.10") {
    const res = await m().auth.auth.handler(
      new Request(`${ORIGIN}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, host: "localhost:3000", "x-forwarded-for": ip },
        body: JSON.stringify({ email, password }),
      }),
    );
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("netbundle.session_token="))?.split(";")[0];
    return { status: res.status, cookie, body: (await res.json().catch(() => null)) as { message?: string } | null };
  }

  describe(title, () => {
    it("makes the first admin once, with a random password in a 0600 file, and signs in with it", async () => {
      const lines: string[] = [];
      const made = await m().bootstrap.ensureBootstrapAdmin((l) => lines.push(l));
      expect(made?.email).toBe("admin@netbundle.localhost");
      const file = path.join(env.tmp().dataDir, "bootstrap-admin.txt");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const password = /password: (\S+)/.exec(fs.readFileSync(file, "utf8"))?.[1] ?? "";
      expect(password.length).toBeGreaterThanOrEqual(16);
      expect(lines.join("\n")).toContain(password);
      expect(await m().bootstrap.ensureBootstrapAdmin(() => {})).toBeNull();

      const account = await m().db.db.account.findFirstOrThrow({ where: { providerId: "credential" } });
      expect(account.password).toMatch(/^\$argon2id\$/);
      const ok = await signIn("admin@netbundle.localhost", password);
      expect(ok.status).toBe(200);
      const caller = await m().caller.getCaller(new Headers({ cookie: ok.cookie! }));
      expect(caller).toMatchObject({ email: "admin@netbundle.localhost", role: "admin", via: "session" });
      expect(await m().db.db.auditLog.count({ where: { action: "sign-in", actor: "admin@netbundle.localhost" } })).toBe(1);
    });

    it("backs off an account after repeated wrong passwords, whatever address they come from", async () => {
      await m().users.createUser({ email: "eng@example.test", role: "engineer", password: "correct horse battery" }, SYSTEM);
      for (let i = 0; i < 5; i++) expect((await signIn("eng@example.test", "wrong password!", `198.18.1.${i}`)).status).toBe(401);
      const blocked = await signIn("eng@example.test", "correct horse battery", "198.18.2.1");
      expect(blocked.status).toBe(429);
      expect(blocked.body?.message).toMatch(/try again in \d+ s/);
      expect(await m().backoff.signInBackoff("eng@example.test")).toBeGreaterThan(0);
      // The wait ends: 30 s after the last failure, the right password works again.
      expect(await m().backoff.signInBackoff("eng@example.test", Date.now() + 31_000)).toBe(0);
      expect(await m().db.db.auditLog.count({ where: { action: "sign-in-failed", actor: "eng@example.test" } })).toBe(5);
    });

    it("a disabled user loses sessions and tokens at once and cannot sign in; the last admin stays", async () => {
      const u = await m().users.createUser({ email: "leaver@example.test", role: "engineer", password: "a long enough secret" }, SYSTEM);
      const s = await signIn("leaver@example.test", "a long enough secret");
      expect(s.status).toBe(200);
      const t = await m().tokens.createApiToken({ userId: u.id, name: "ci", by: SYSTEM });
      const viaToken = await m().caller.getCaller(new Headers({ authorization: `Bearer ${t.token}` }));
      expect(viaToken).toMatchObject({ email: "leaver@example.test", via: "token", role: "engineer" });
      expect((await m().db.db.apiToken.findUniqueOrThrow({ where: { id: t.id } })).tokenHash).toBe(crypto.createHash("sha256").update(t.token).digest("hex"));

      await m().users.updateUser(u.id, { disabled: true }, SYSTEM);
      expect(await m().caller.getCaller(new Headers({ cookie: s.cookie! }))).toBeNull();
      expect(await m().caller.getCaller(new Headers({ authorization: `Bearer ${t.token}` }))).toBeNull();
      expect((await signIn("leaver@example.test", "a long enough secret")).status).toBeGreaterThanOrEqual(400);

      const admin = await m().db.db.user.findFirstOrThrow({ where: { role: "admin" } });
      await expect(m().users.updateUser(admin.id, { role: "engineer" }, SYSTEM)).rejects.toThrow(/last active admin/);
    });

    it("refuses bad new accounts and link tokens used as API tokens", async () => {
      await expect(m().users.createUser({ email: "x@example.test", role: "engineer", password: "short" }, SYSTEM)).rejects.toThrow(/12/);
      await expect(m().users.createUser({ email: "EnG@example.test", role: "engineer", password: "another long secret" }, SYSTEM)).rejects.toThrow(/exists already/);
      await expect(m().caller.getCaller(new Headers({ authorization: `Bearer nbs_${"a".repeat(43)}` }))).rejects.toThrow(/Not found/);
      expect(await m().caller.getCaller(new Headers({ authorization: `Bearer nbt_${"a".repeat(43)}` }))).toBeNull();
      expect(await m().caller.getCaller(new Headers({ cookie: "netbundle.session_token=forged.value" }))).toBeNull();
    });
  });
}
