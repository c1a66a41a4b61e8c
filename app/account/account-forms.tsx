"use client";
import { useActionState, useState } from "react";
import type { TTokenResult } from "./actions";
import { BUTTON, INPUT, PRIMARY } from "@/app/_components/ui";
import { SecretField } from "@/app/_components/secret-field";

/** Password change through better-auth's endpoint (it checks the current password; other sessions end). */
export function PasswordForm() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    if (f.get("newPassword") !== f.get("confirm")) return setMessage({ ok: false, text: "The two new passwords differ." });
    setBusy(true);
    const res = await fetch("/api/auth/change-password", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: f.get("currentPassword"), newPassword: f.get("newPassword"), revokeOtherSessions: true }),
    }).catch(() => null);
    setBusy(false);
    if (res?.ok) {
      form.reset();
      return setMessage({ ok: true, text: "Password changed; your other sessions were signed out." });
    }
    const body = (await res?.json().catch(() => null)) as { message?: string } | null;
    setMessage({ ok: false, text: body?.message ?? "The password could not be changed." });
  }
  const input = `${INPUT} block w-72`;
  return (
    <form onSubmit={submit} className="space-y-2 text-xs text-zinc-500">
      <label className="block">
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required className={input} />
      </label>
      <label className="block">
        New password (at least 12 characters)
        <input name="newPassword" type="password" autoComplete="new-password" minLength={12} required className={input} />
      </label>
      <label className="block">
        New password again
        <input name="confirm" type="password" autoComplete="new-password" minLength={12} required className={input} />
      </label>
      <button disabled={busy} className={PRIMARY}>
        Change password
      </button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-emerald-600" : "text-red-600 dark:text-red-400"}>
          {message.text}
        </p>
      )}
    </form>
  );
}

export function TokenForm({ action }: { action: (prev: TTokenResult, form: FormData) => Promise<TTokenResult> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div className="space-y-2">
      <form action={formAction} className="flex items-end gap-2 text-xs text-zinc-500">
        <label>
          Name
          <input name="name" maxLength={100} placeholder="e.g. ci-upload" className={`${INPUT} block text-sm text-inherit`} />
        </label>
        <button disabled={pending} className={`${BUTTON} text-sm`}>
          Create token
        </button>
      </form>
      {state?.error && <p className="text-xs text-red-600">{state.error}</p>}
      {state?.token && (
        <div className="space-y-1 rounded border border-sky-300 bg-sky-50 p-3 text-xs dark:border-sky-800 dark:bg-sky-950/30" data-testid="new-api-token">
          <p className="font-medium">Copy the token now: it is shown only once. Use it as <code>Authorization: Bearer TOKEN</code>.</p>
          <SecretField value={state.token} testId="api-token-value" />
        </div>
      )}
    </div>
  );
}
