"use client";
import { useActionState } from "react";
import type { TActionResult } from "../actions";
import { BUTTON, INPUT, PRIMARY } from "@/app/_components/ui";
import { SecretField } from "@/app/_components/secret-field";

type TAction = (prev: TActionResult, form: FormData) => Promise<TActionResult>;
type TUser = { id: string; email: string };
type TCaseValues = { title: string; customer: string; ticketRef: string; notes: string; status: string; assigneeId: string | null };

function Result({ state }: { state: TActionResult }) {
  if (!state) return null;
  if (state.error)
    return (
      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
        {state.error}
      </p>
    );
  return state.ok ? <p className="text-sm text-emerald-600">{state.ok}</p> : null;
}

/** New case (no `values`) or the edit form of one. */
export function CaseForm({ action, users, values }: { action: TAction; users: TUser[]; values?: TCaseValues }) {
  const [state, formAction, pending] = useActionState(action, null);
  const label = "block text-xs text-zinc-500";
  return (
    <form action={formAction} className="grid gap-3 sm:grid-cols-2">
      <label className={label}>
        Title
        <input name="title" required maxLength={200} defaultValue={values?.title} className={`${INPUT} block w-full text-sm text-inherit`} />
      </label>
      <label className={label}>
        Customer / organisation
        <input name="customer" maxLength={200} defaultValue={values?.customer} className={`${INPUT} block w-full text-sm text-inherit`} />
      </label>
      <label className={label}>
        Ticket reference
        <input name="ticketRef" maxLength={100} defaultValue={values?.ticketRef} className={`${INPUT} block w-full text-sm text-inherit`} />
      </label>
      <label className={label}>
        Assignee
        <select name="assigneeId" defaultValue={values?.assigneeId ?? ""} className={`${INPUT} block w-full text-sm text-inherit`}>
          <option value="">{values ? "nobody" : "me"}</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.email}
            </option>
          ))}
        </select>
      </label>
      {values && (
        <label className={label}>
          Status
          <select name="status" defaultValue={values.status} className={`${INPUT} block w-full text-sm text-inherit`}>
            <option>open</option>
            <option>closed</option>
          </select>
        </label>
      )}
      <label className={`${label} sm:col-span-2`}>
        Notes
        <textarea name="notes" rows={4} maxLength={20000} defaultValue={values?.notes} className={`${INPUT} block w-full text-sm text-inherit`} />
      </label>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button disabled={pending} className={PRIMARY}>
          {values ? "Save" : "Create case"}
        </button>
        <Result state={state} />
      </div>
    </form>
  );
}

/** Creates an upload link and shows its URL and the collector command once. */
export function UploadLinkForm({ action, maxMiB }: { action: TAction; maxMiB: number }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div className="space-y-3">
      <form action={formAction} className="flex flex-wrap items-end gap-2 text-xs text-zinc-500">
        <label>
          Label
          <input name="label" maxLength={200} placeholder="e.g. node-7 after reboot" className={`${INPUT} block text-sm text-inherit`} />
        </label>
        <label>
          Expires in (days)
          <input name="expiresInDays" type="number" min={1} max={90} defaultValue={7} className={`${INPUT} block w-24 text-sm text-inherit`} />
        </label>
        <label>
          Max uploads
          <input name="maxUploads" type="number" min={1} max={1000} defaultValue={5} className={`${INPUT} block w-24 text-sm text-inherit`} />
        </label>
        <label>
          Max size (MiB)
          <input name="maxMiB" type="number" min={1} max={maxMiB} defaultValue={maxMiB} className={`${INPUT} block w-28 text-sm text-inherit`} />
        </label>
        <button disabled={pending} className={BUTTON + " text-sm text-inherit"}>
          Create upload link
        </button>
      </form>
      <Result state={state} />
      {state?.url && (
        <div className="space-y-2 rounded border border-sky-300 bg-sky-50 p-3 text-xs dark:border-sky-800 dark:bg-sky-950/30" data-testid="new-upload-link">
          <p className="font-medium">Send this link to the customer. It is shown only now.</p>
          <SecretField value={state.url} testId="upload-link-url" />
          <p>On the node, with the collector script:</p>
          <SecretField value={state.command ?? ""} />
        </div>
      )}
    </div>
  );
}
