"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requirePageCaller } from "@/lib/auth/caller";
import { createCase, updateCase } from "@/lib/cases/cases";
import { actionErrorMessage } from "@/lib/errors";
import { publicOrigin } from "@/lib/http/public-origin";
import { collectorCommand } from "@/lib/links/collector-command";
import { createUploadLink, revokeUploadLink } from "@/lib/links/upload-links";

// Server actions: Next checks that their POST comes from this origin; each checks the caller.

const text = (f: FormData, k: string) => String(f.get(k) ?? "");

export type TActionResult = { error?: string; ok?: string; url?: string; command?: string } | null;

export async function createCaseAction(_prev: TActionResult, form: FormData): Promise<TActionResult> {
  const caller = await requirePageCaller();
  let id: string;
  try {
    const c = await createCase(
      { title: text(form, "title"), customer: text(form, "customer"), ticketRef: text(form, "ticketRef"), notes: text(form, "notes"), assigneeId: text(form, "assigneeId") || caller.userId },
      { userId: caller.userId, actor: caller.actor },
      await headers(),
    );
    id = c.id;
  } catch (e) {
    return { error: actionErrorMessage(e) };
  }
  redirect(`/cases/${encodeURIComponent(id)}`);
}

export async function updateCaseAction(caseId: string, _prev: TActionResult, form: FormData): Promise<TActionResult> {
  const caller = await requirePageCaller();
  try {
    const status = text(form, "status");
    await updateCase(
      caseId,
      {
        title: text(form, "title"),
        customer: text(form, "customer"),
        ticketRef: text(form, "ticketRef"),
        notes: text(form, "notes"),
        assigneeId: text(form, "assigneeId"),
        status: status === "closed" ? "closed" : "open",
      },
      caller.actor,
      await headers(),
    );
  } catch (e) {
    return { error: actionErrorMessage(e) };
  }
  revalidatePath(`/cases/${caseId}`);
  return { ok: "Saved." };
}

export async function createUploadLinkAction(caseId: string, _prev: TActionResult, form: FormData): Promise<TActionResult> {
  const caller = await requirePageCaller();
  const h = await headers();
  try {
    const maxMiB = text(form, "maxMiB");
    const link = await createUploadLink(
      caseId,
      { label: text(form, "label"), expiresInDays: text(form, "expiresInDays") || undefined, maxUploads: text(form, "maxUploads") || undefined, maxMiB: maxMiB || undefined },
      { userId: caller.userId, actor: caller.actor },
      h,
    );
    const origin = publicOrigin(h);
    revalidatePath(`/cases/${caseId}`);
    return { url: `${origin}/u/${link.token}`, command: collectorCommand(origin, link.token) };
  } catch (e) {
    return { error: actionErrorMessage(e) };
  }
}

export async function revokeUploadLinkAction(caseId: string, linkId: string): Promise<void> {
  const caller = await requirePageCaller();
  await revokeUploadLink(linkId, caller.actor, await headers());
  revalidatePath(`/cases/${caseId}`);
}
