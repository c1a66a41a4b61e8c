"use server";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { requirePageCaller } from "@/lib/auth/caller";
import { isRole } from "@/lib/auth/roles";
import { createUser, updateUser } from "@/lib/auth/users";
import { actionErrorMessage } from "@/lib/errors";
import { setCaseRetention } from "@/lib/retention/set-case-retention";

export type TUserResult = { ok?: string; error?: string } | null;

// Admin only: every action checks the role itself (a page that hides a button is not a check).
export async function createUserAction(_prev: TUserResult, form: FormData): Promise<TUserResult> {
  const caller = await requirePageCaller("admin");
  try {
    const u = await createUser(
      { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), role: isRole(form.get("role")) ? (form.get("role") as "admin" | "engineer") : "engineer", password: String(form.get("password") ?? "") },
      caller.actor,
      await headers(),
    );
    revalidatePath("/admin/users");
    return { ok: `Created ${u.email} (${u.role}). Give them the password over a separate channel; they can change it under Account.` };
  } catch (e) {
    return { error: actionErrorMessage(e) };
  }
}

export async function updateUserAction(userId: string, change: { role?: "admin" | "engineer"; disabled?: boolean }): Promise<void> {
  const caller = await requirePageCaller("admin");
  await updateUser(userId, change, caller.actor, await headers());
  revalidatePath("/admin/users");
}

export type TRetentionResult = { ok?: string; error?: string } | null;

// Admin only: a case's retention override ("" back to the default, 0 keep forever, N days).
export async function setCaseRetentionAction(caseId: string, _prev: TRetentionResult, form: FormData): Promise<TRetentionResult> {
  const caller = await requirePageCaller("admin");
  try {
    const days = await setCaseRetention(caseId, String(form.get("retentionDays") ?? ""), caller.actor, await headers());
    revalidatePath("/admin/storage");
    return { ok: days === null ? "uses the default" : days === 0 ? "kept forever" : `${days} days` };
  } catch (e) {
    return { error: actionErrorMessage(e) };
  }
}
