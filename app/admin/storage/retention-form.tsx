"use client";
import { useActionState } from "react";
import type { TRetentionResult } from "../actions";
import { BUTTON, INPUT } from "@/app/_components/ui";

// A case's retention override: empty for the default, 0 to keep forever, else days.
export function RetentionForm({ action, value, label }: { action: (prev: TRetentionResult, form: FormData) => Promise<TRetentionResult>; value: number | null; label: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex items-center gap-1">
      <input name="retentionDays" defaultValue={value ?? ""} placeholder="default" inputMode="numeric" aria-label={`Retention days for ${label}`} className={`${INPUT} w-20 text-xs`} />
      <button disabled={pending} className={`${BUTTON} text-xs`}>
        Set
      </button>
      {state?.ok && <span className="text-xs text-emerald-700 dark:text-emerald-400">{state.ok}</span>}
      {state?.error && <span className="text-xs text-red-700 dark:text-red-400">{state.error}</span>}
    </form>
  );
}
