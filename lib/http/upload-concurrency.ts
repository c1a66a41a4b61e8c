import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * At most NETBUNDLE_UPLOADS_PER_CREDENTIAL uploads in flight per credential (a user, an API
 * token's user, an upload link): one script or a leaked link cannot open a hundred 2 GiB
 * streams at once. Counted in this server process (the embedded mode has one); past the
 * limit the answer is 429 with Retry-After.
 */
const active = new Map<string, number>();

/** Seconds a refused client is told to wait: uploads take minutes, polling faster helps no one. */
const RETRY_AFTER_S = 30;

export async function withUploadSlot<T>(credential: string, run: () => Promise<T>): Promise<T> {
  const max = env.NETBUNDLE_UPLOADS_PER_CREDENTIAL;
  const n = active.get(credential) ?? 0;
  if (n >= max) {
    throw new AppError("TOO_MANY_REQUESTS", `${max} upload${max === 1 ? " is" : "s are"} already in progress with this credential: wait for ${max === 1 ? "it" : "one"} to finish`, { retryAfter: RETRY_AFTER_S });
  }
  active.set(credential, n + 1);
  try {
    return await run();
  } finally {
    const left = (active.get(credential) ?? 1) - 1;
    if (left > 0) active.set(credential, left);
    else active.delete(credential);
  }
}
