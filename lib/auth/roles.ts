export const ROLES = ["admin", "engineer"] as const;
export type TRole = (typeof ROLES)[number];

export function isRole(v: unknown): v is TRole {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

/** An IdP claim (a string or a list of groups/roles) to our role; anything else: engineer. */
export function roleFromClaim(claim: unknown): TRole {
  const values = Array.isArray(claim) ? claim : [claim];
  return values.some((v) => String(v).toLowerCase() === "admin") ? "admin" : "engineer";
}
