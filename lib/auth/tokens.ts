import crypto from "node:crypto";

/**
 * Bearer secrets (API tokens, upload links, incident links): 256 bits from the OS CSPRNG,
 * base64url, with a short prefix naming what they are (so a leaked one is recognisable in a
 * log or a scanner's rule). Only the SHA-256 is stored and rows are looked up by it, so a
 * database dump holds no usable credential and lookups never compare secrets byte by byte.
 */
export type TTokenKind = "api" | "upload" | "incident";

const PREFIX: Record<TTokenKind, string> = { api: "nbt_", upload: "nbu_", incident: "nbs_" };

export function newToken(kind: TTokenKind): { token: string; hash: string } {
  const token = PREFIX[kind] + crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** A token of this kind by shape only (length and alphabet): a cheap filter before the lookup. */
export function looksLikeToken(kind: TTokenKind, value: string): boolean {
  return value.length === PREFIX[kind].length + 43 && value.startsWith(PREFIX[kind]) && /^[A-Za-z0-9_-]+$/.test(value.slice(PREFIX[kind].length));
}

/** Random row ids: not secrets, but unguessable so one id says nothing about another. */
export function newId(): string {
  return crypto.randomBytes(12).toString("base64url");
}
