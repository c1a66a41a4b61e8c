import { requirePageCaller } from "@/lib/auth/caller";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { fmtUtc } from "@/app/_components/format";
import { PANEL, TD, TH, THEAD } from "@/app/_components/ui";
import { createTokenAction, revokeTokenAction } from "./actions";
import { PasswordForm, TokenForm } from "./account-forms";
import { RevokeForm } from "@/app/_components/revoke-form";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const caller = await requirePageCaller();
  const tokens = await listApiTokens(caller.userId);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-base font-semibold">{caller.email}</h1>
        <p className="text-xs text-zinc-500">role: {caller.role}</p>
      </div>
      <section className={PANEL}>
        <h2 className="mb-2 font-semibold">Password</h2>
        <PasswordForm />
      </section>
      <section className={`${PANEL} space-y-3`}>
        <h2 className="font-semibold">Personal API tokens</h2>
        <p className="text-xs text-zinc-500">For scripts and CI: a token acts as you on every page and API route. Only a hash is stored.</p>
        <TokenForm action={createTokenAction} />
        {tokens.length > 0 && (
          <table className="w-full text-left text-xs" data-testid="api-tokens">
            <thead className={THEAD}>
              <tr>
                <th className={TH}>Name</th>
                <th className={TH}>Starts with</th>
                <th className={TH}>Created</th>
                <th className={TH}>Last used</th>
                <th className={TH}>State</th>
                <th className={TH} />
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className={TD}>{t.name}</td>
                  <td className={`${TD} font-mono`}>{t.prefix}…</td>
                  <td className={TD}>{fmtUtc(t.createdAt)}</td>
                  <td className={TD}>{t.lastUsedAt ? fmtUtc(t.lastUsedAt) : "never"}</td>
                  <td className={TD}>{t.revokedAt ? `revoked ${fmtUtc(t.revokedAt)}` : "active"}</td>
                  <td className={TD}>
                    {!t.revokedAt && (
                      <RevokeForm action={revokeTokenAction.bind(null, t.id)} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
