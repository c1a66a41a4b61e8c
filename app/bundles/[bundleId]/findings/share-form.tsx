"use client";
import { useActionState } from "react";
import type { TShareResult } from "../link-actions";
import { BUTTON, INPUT } from "@/app/_components/ui";
import { SecretField } from "@/app/_components/secret-field";

export const SHARE_FORM_ID = "share-findings";

/**
 * The incident-link form of the findings list. The findings' checkboxes live in the table
 * (form={SHARE_FORM_ID}) so the list stays a server component.
 */
export function ShareForm({ action }: { action: (prev: TShareResult, form: FormData) => Promise<TShareResult> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div className="rounded border border-zinc-200 p-3 text-xs dark:border-zinc-800" data-testid="share-panel">
      <form id={SHARE_FORM_ID} action={formAction} className="flex flex-wrap items-end gap-3">
        <span className="font-medium text-sm">Share the selected findings read-only</span>
        <label className="text-zinc-500">
          Expires in (days)
          <input name="expiresInDays" type="number" min={1} max={90} defaultValue={7} className={`${INPUT} block w-20 text-sm text-inherit`} />
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="pseudonymise" data-testid="pseudonymise" /> pseudonymise IPs, MACs and the host name
        </label>
        <label className="grow text-zinc-500">
          Note for the reader
          <input name="note" maxLength={2000} className={`${INPUT} block w-full text-sm text-inherit`} />
        </label>
        <button disabled={pending} className={`${BUTTON} text-sm`} data-testid="create-incident-link">
          Create incident link
        </button>
      </form>
      {state?.error && (
        <p role="alert" className="mt-2 text-red-600 dark:text-red-400">
          {state.error}
        </p>
      )}
      {state?.url && (
        <div className="mt-2 space-y-1" data-testid="new-incident-link">
          <p>Anyone with this link can read those findings until {state.expiresAt?.replace("T", " ").slice(0, 16)} UTC, or until you revoke it (Shared links tab). It is shown only now:</p>
          <SecretField value={state.url} testId="incident-link-url" />
        </div>
      )}
    </div>
  );
}
