"use server";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { requirePageCaller } from "@/lib/auth/caller";
import { actionErrorMessage } from "@/lib/errors";
import { publicOrigin } from "@/lib/http/public-origin";
import { createIncidentLink, revokeIncidentLink } from "@/lib/links/incident-links";

export type TShareResult = { error?: string; url?: string; expiresAt?: string } | null;

// Server actions (Next checks their Origin); each checks the caller itself.
export async function createIncidentLinkAction(bundleId: string, _prev: TShareResult, form: FormData): Promise<TShareResult> {
  const caller = await requirePageCaller();
  const h = await headers();
  try {
    const link = await createIncidentLink(
      bundleId,
      {
        findingKeys: form.getAll("key").map(String),
        expiresInDays: String(form.get("expiresInDays") ?? "") || undefined,
        pseudonymise: form.get("pseudonymise") === "on",
        note: String(form.get("note") ?? ""),
      },
      { userId: caller.userId, actor: caller.actor },
      h,
    );
    revalidatePath(`/bundles/${bundleId}/links`);
    return { url: `${publicOrigin(h)}/s/${link.token}`, expiresAt: link.expiresAt.toISOString() };
  } catch (e) {
    return { error: actionErrorMessage(e) };
  }
}

export async function revokeIncidentLinkAction(bundleId: string, linkId: string): Promise<void> {
  const caller = await requirePageCaller();
  await revokeIncidentLink(linkId, caller.actor, await headers());
  revalidatePath(`/bundles/${bundleId}/links`);
}
