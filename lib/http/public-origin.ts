import "server-only";
import { env } from "@/lib/env";

/** The origin customers and outside parties should use: NETBUNDLE_BASE_URL, else this request's host. */
export function publicOrigin(headers: Headers): string {
  if (env.NETBUNDLE_BASE_URL) return new URL(env.NETBUNDLE_BASE_URL).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? `localhost:${env.PORT}`;
  const proto = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
