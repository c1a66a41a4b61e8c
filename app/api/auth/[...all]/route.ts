import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/better-auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// better-auth's own endpoints: sign-in (password, OIDC start and callback), sign-out,
// session, change-password. Sign-up is off; it checks the Origin of every POST itself.
export const { GET, POST } = toNextJsHandler(auth);
