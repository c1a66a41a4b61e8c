import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditActor } from "@/lib/audit/record-audit";
import { auth } from "./better-auth";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./passwords";
import { ROLES, type TRole } from "./roles";

export const ZNewUser = z.object({
  email: z.string().trim().toLowerCase().email("a valid e-mail address"),
  name: z.string().trim().max(100).optional(),
  role: z.enum(ROLES),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH),
});

export type TUserRow = { id: string; email: string; name: string; role: string | null; createdAt: Date; disabledAt: Date | null };

/** Creates a local account (argon2id password, credential account as better-auth expects it). */
export async function createUser(input: z.input<typeof ZNewUser>, by: TAuditActor, headers?: Headers | null): Promise<TUserRow> {
  const u = ZNewUser.parse(input);
  const ctx = await auth.$context;
  if (await db.user.findUnique({ where: { email: u.email } })) throw new AppError("CONFLICT", `A user with e-mail ${u.email} exists already`);
  const user = await ctx.internalAdapter.createUser({ email: u.email, name: u.name || u.email.split("@")[0]!, emailVerified: true, role: u.role }, { method: "admin" });
  await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: "credential", accountId: user.id, password: await ctx.password.hash(u.password) });
  await recordAudit({ actor: by, action: "user-create", target: `user:${u.email}`, headers, detail: { role: u.role } });
  return db.user.findUniqueOrThrow({ where: { id: user.id }, select: USER_SELECT });
}

const USER_SELECT = { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true } as const;

export function listUsers(): Promise<TUserRow[]> {
  return db.user.findMany({ orderBy: { email: "asc" }, select: USER_SELECT });
}

export async function countUsers(): Promise<number> {
  return db.user.count();
}

/** Role change or (re-)enable; disabling ends the user's sessions at once. The last active admin stays. */
export async function updateUser(id: string, change: { role?: TRole; disabled?: boolean }, by: TAuditActor, headers?: Headers | null): Promise<void> {
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new AppError("NOT_FOUND", "No such user");
  const losesAdmin = user.role === "admin" && (change.role === "engineer" || change.disabled === true);
  if (losesAdmin) {
    const admins = await db.user.count({ where: { role: "admin", disabledAt: null } });
    if (admins <= 1) throw new AppError("CONFLICT", "This is the last active admin: make another admin first");
  }
  await db.user.update({
    where: { id },
    data: {
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? new Date() : null }),
    },
  });
  if (change.disabled) await db.session.deleteMany({ where: { userId: id } });
  await recordAudit({ actor: by, action: "user-update", target: `user:${user.email}`, headers, detail: change });
}
