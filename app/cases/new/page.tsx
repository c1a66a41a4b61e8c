import { requirePageCaller } from "@/lib/auth/caller";
import { listAssignableUsers } from "@/lib/cases/cases";
import { PANEL } from "@/app/_components/ui";
import { createCaseAction } from "../actions";
import { CaseForm } from "../[caseId]/case-forms";

export const dynamic = "force-dynamic";

export default async function NewCasePage() {
  await requirePageCaller();
  const users = await listAssignableUsers();
  return (
    <div className={`${PANEL} mx-auto max-w-3xl`}>
      <h1 className="mb-3 text-base font-semibold">New case</h1>
      <CaseForm action={createCaseAction} users={users} />
    </div>
  );
}
