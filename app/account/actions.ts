"use server";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { requirePageCaller } from "@/lib/auth/caller";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";

export type TTokenResult = { token?: string; error?: string } | null;

export async function createTokenAction(_prev: TTokenResult, form: FormData): Promise<TTokenResult> {
  const caller = await requirePageCaller();
  const name = String(form.get("name") ?? "").trim();
  if (!name) return { error: "Give the token a name (what script or CI job uses it)." };
  const t = await createApiToken({ userId: caller.userId, name, by: caller.actor, headers: await headers() });
  revalidatePath("/account");
  return { token: t.token };
}

export async function revokeTokenAction(id: string): Promise<void> {
  const caller = await requirePageCaller();
  await revokeApiToken({ userId: caller.userId, id, by: caller.actor, headers: await headers() });
  revalidatePath("/account");
}
