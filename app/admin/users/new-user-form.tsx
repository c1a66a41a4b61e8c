"use client";
import { useActionState } from "react";
import type { TUserResult } from "../actions";
import { INPUT, PRIMARY } from "@/app/_components/ui";

export function NewUserForm({ action }: { action: (prev: TUserResult, form: FormData) => Promise<TUserResult> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2 text-xs text-zinc-500">
      <label>
        E-mail
        <input name="email" type="email" required className={`${INPUT} block text-sm text-inherit`} />
      </label>
      <label>
        Name
        <input name="name" maxLength={100} className={`${INPUT} block text-sm text-inherit`} />
      </label>
      <label>
        Role
        <select name="role" defaultValue="engineer" className={`${INPUT} block text-sm text-inherit`}>
          <option>engineer</option>
          <option>admin</option>
        </select>
      </label>
      <label>
        Initial password (12+)
        <input name="password" type="password" autoComplete="new-password" minLength={12} required className={`${INPUT} block text-sm text-inherit`} />
      </label>
      <button disabled={pending} className={PRIMARY}>
        Add user
      </button>
      {state?.error && (
        <p role="alert" className="w-full text-red-600 dark:text-red-400">
          {state.error}
        </p>
      )}
      {state?.ok && (
        <p role="status" className="w-full text-emerald-600">
          {state.ok}
        </p>
      )}
    </form>
  );
}
