import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/caller";
import { oidc } from "@/lib/auth/better-auth";
import { safeNextPath } from "@/lib/http/safe-next";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

// Public: the one page anybody may open. Signed-in callers go straight on.
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const sp = await searchParams;
  const next = safeNextPath(sp.next);
  if (await currentCaller()) redirect(next);
  return (
    <div className="mx-auto mt-16 max-w-sm rounded border border-zinc-200 p-6 dark:border-zinc-800">
      <h1 className="mb-4 text-base font-semibold">Sign in</h1>
      <SignInForm next={next} oidc={oidc.enabled ? { name: oidc.name, providerId: oidc.providerId } : null} error={sp.error ? "Single sign-on failed: " + sp.error.slice(0, 200) : null} />
    </div>
  );
}
