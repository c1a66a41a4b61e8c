import "server-only";
import { db } from "@/lib/db";

// Per account, so rotating addresses does not help a guesser: after FREE failed sign-ins
// in a row (within WINDOW), each further try waits 30 s, doubling up to 15 minutes.
const FREE = 5;
const WINDOW_MS = 60 * 60 * 1000;
const BASE_S = 30;
const MAX_S = 15 * 60;

/** Seconds until this e-mail may try again (0: now). Reads the audit log's sign-in entries. */
export async function signInBackoff(email: string, now = Date.now()): Promise<number> {
  if (!email) return 0;
  const since = new Date(now - WINDOW_MS);
  const lastOk = await db.auditLog.findFirst({ where: { action: "sign-in", actor: email, at: { gte: since } }, orderBy: { id: "desc" }, select: { at: true } });
  const from = lastOk && lastOk.at > since ? lastOk.at : since;
  const failures = await db.auditLog.findMany({ where: { action: "sign-in-failed", actor: email, at: { gt: from } }, orderBy: { id: "desc" }, select: { at: true }, take: 50 });
  if (failures.length < FREE) return 0;
  const wait = Math.min(BASE_S * 2 ** (failures.length - FREE), MAX_S);
  const left = Math.ceil((failures[0]!.at.getTime() + wait * 1000 - now) / 1000);
  return Math.max(left, 0);
}
