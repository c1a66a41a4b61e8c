import "server-only";
import { cache } from "react";
import { headers as nextHeaders } from "next/headers";
import { redirect } from "next/navigation";
import { AppError, isAppError } from "@/lib/errors";
import type { TAuditActor } from "@/lib/audit/record-audit";
import { auth } from "./better-auth";
import { userForApiToken } from "./api-tokens";
import { isRole, type TRole } from "./roles";
import { looksLikeToken } from "./tokens";

/** A signed-in engineer or admin, by session cookie or personal API token. */
export type TCaller = {
  userId: string;
  email: string;
  name: string;
  role: TRole;
  via: "session" | "token";
  tokenId?: string;
  actor: TAuditActor;
};

/** Who is calling, from the request's headers; null for nobody (or a disabled user). */
export async function getCaller(headers: Headers): Promise<TCaller | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer) {
    // A link's token reaches only its link's pages: anywhere else there is nothing to find.
    if (looksLikeToken("incident", bearer) || looksLikeToken("upload", bearer)) throw new AppError("NOT_FOUND", "Not found");
    const t = await userForApiToken(bearer);
    if (!t) return null;
    const role = isRole(t.user.role) ? t.user.role : "engineer";
    return { userId: t.user.id, email: t.user.email, name: t.user.name, role, via: "token", tokenId: t.tokenId, actor: { type: "token", id: t.tokenId, label: t.user.email } };
  }
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const u = session.user as typeof session.user & { role?: string | null; disabledAt?: Date | null };
  if (u.disabledAt) return null;
  const role = isRole(u.role) ? u.role : "engineer";
  return { userId: u.id, email: u.email, name: u.name, role, via: "session", actor: { type: "user", id: u.id, label: u.email } };
}

/** Route handlers: the caller, or 401 (403 when a role is required and missing). */
export async function requireCaller(request: Request, role?: TRole): Promise<TCaller> {
  const caller = await getCaller(request.headers);
  if (!caller) throw new AppError("UNAUTHORIZED", "Sign in or send Authorization: Bearer <API token>");
  if (role === "admin" && caller.role !== "admin") throw new AppError("FORBIDDEN", "Admins only");
  return caller;
}

/**
 * The caller of the request being rendered, looked up once however many layouts and pages ask.
 * A link's token sent as a bearer is nobody here (getCaller throws NOT_FOUND for it): the root
 * layout renders every page, public ones included, and must not turn that into a 500. The
 * middleware already answers 404 for such a bearer anywhere but the public paths.
 */
export const currentCaller = cache(async (): Promise<TCaller | null> => {
  try {
    return await getCaller(await nextHeaders());
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  }
});

/** Pages and server actions: the caller, or a redirect to the sign-in page (home for a missing role). */
export async function requirePageCaller(role?: TRole): Promise<TCaller> {
  const h = await nextHeaders();
  const caller = await currentCaller();
  if (!caller) {
    const next = h.get("x-netbundle-path") ?? "/";
    redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  }
  if (role === "admin" && caller.role !== "admin") redirect("/?denied=admin");
  return caller;
}
