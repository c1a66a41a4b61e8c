import { requirePageCaller } from "@/lib/auth/caller";
import { listUsers } from "@/lib/auth/users";
import { fmtUtc } from "@/app/_components/format";
import { BUTTON, DANGER, PANEL, TD, TH, THEAD } from "@/app/_components/ui";
import { createUserAction, updateUserAction } from "../actions";
import { AdminNav } from "../admin-nav";
import { NewUserForm } from "./new-user-form";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const caller = await requirePageCaller("admin");
  const users = await listUsers();
  return (
    <div className="space-y-4">
      <AdminNav active="users" />
      <section className={`${PANEL} space-y-2`}>
        <h1 className="font-semibold">Add a user</h1>
        <NewUserForm action={createUserAction} />
      </section>
      <table className="w-full text-left" data-testid="user-list">
        <thead className={THEAD}>
          <tr>
            <th className={TH}>E-mail</th>
            <th className={TH}>Name</th>
            <th className={TH}>Role</th>
            <th className={TH}>Created</th>
            <th className={TH}>State</th>
            <th className={TH} />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className={TD}>{u.email}</td>
              <td className={TD}>{u.name}</td>
              <td className={TD}>{u.role ?? "engineer"}</td>
              <td className={TD}>{fmtUtc(u.createdAt)}</td>
              <td className={TD}>{u.disabledAt ? `disabled ${fmtUtc(u.disabledAt)}` : "active"}</td>
              <td className={`${TD} flex gap-2`}>
                {u.id !== caller.userId && (
                  <>
                    <form action={updateUserAction.bind(null, u.id, { role: u.role === "admin" ? "engineer" : "admin" })}>
                      <button className={`${BUTTON} text-xs`}>{u.role === "admin" ? "Make engineer" : "Make admin"}</button>
                    </form>
                    <form action={updateUserAction.bind(null, u.id, { disabled: !u.disabledAt })}>
                      <button className={DANGER}>{u.disabledAt ? "Enable" : "Disable"}</button>
                    </form>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
