"use client";
import { useState } from "react";

type TProps = { next: string; oidc: { name: string; providerId: string } | null; error: string | null };

async function errorText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { message?: string; error?: { message?: string } } | null;
  if (res.status === 401) return "Wrong e-mail or password.";
  return body?.message ?? body?.error?.message ?? `Sign-in failed (HTTP ${res.status}).`;
}

export function SignInForm({ next, oidc, error }: TProps) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(error);

  async function signIn(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password"), rememberMe: true }),
      });
      if (res.ok) return window.location.assign(next);
      setMessage(await errorText(res));
    } catch {
      setMessage("The server could not be reached.");
    }
    setBusy(false);
  }

  async function signInOidc() {
    if (!oidc) return;
    setBusy(true);
    // better-auth 1.7 serves generic OAuth providers through the core social sign-in route.
    const res = await fetch("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: oidc.providerId, callbackURL: next, errorCallbackURL: "/sign-in", disableRedirect: true }),
    });
    const body = (await res.json().catch(() => null)) as { url?: string } | null;
    if (res.ok && body?.url) return window.location.assign(body.url);
    setMessage(await errorText(res));
    setBusy(false);
  }

  const input = "w-full rounded border border-zinc-300 bg-transparent px-2 py-1.5 dark:border-zinc-700";
  return (
    <div className="space-y-4">
      {/* method="post": a submit before hydration must not put the password into the URL. */}
      <form onSubmit={signIn} method="post" className="space-y-3">
        <label className="block">
          <span className="text-xs text-zinc-500">E-mail</span>
          <input name="email" type="email" autoComplete="username" required className={input} />
        </label>
        <label className="block">
          <span className="text-xs text-zinc-500">Password</span>
          <input name="password" type="password" autoComplete="current-password" required className={input} />
        </label>
        <button disabled={busy} className="w-full rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-700 disabled:opacity-50">
          Sign in
        </button>
      </form>
      {oidc && (
        <button onClick={signInOidc} disabled={busy} className="w-full rounded border border-zinc-300 px-3 py-1.5 hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
          Sign in with {oidc.name}
        </button>
      )}
      {message && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {message}
        </p>
      )}
    </div>
  );
}
