import { hash, verify } from "@node-rs/argon2";

// argon2id (the @node-rs/argon2 default algorithm) with OWASP's second recommended
// parameter set: 19 MiB, 2 passes, 1 lane. One hash takes ~30 ms here, cheap for a
// sign-in and dear for an offline guesser.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(data: { hash: string; password: string }): Promise<boolean> {
  try {
    return await verify(data.hash, data.password);
  } catch {
    return false; // not an argon2 hash (e.g. an OIDC-only account): never a match
  }
}
