import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/caller";
import { listCases } from "@/lib/cases/cases";
import { CaseTable } from "../_components/case-table";
import { BUTTON, INPUT, PRIMARY } from "../_components/ui";

export const dynamic = "force-dynamic";

// All cases; q searches title, customer, ticket reference and the hosts/files of their bundles.
export default async function CasesPage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string }> }) {
  await requirePageCaller();
  const { q, status } = await searchParams;
  const st = status === "open" || status === "closed" ? status : undefined;
  const cases = await listCases({ q, status: st });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-base font-semibold">Cases</h1>
        <form action="/cases" className="ml-auto flex gap-2">
          <input name="q" defaultValue={q ?? ""} placeholder="Customer, ticket, host, title…" aria-label="Search cases" className={`${INPUT} w-72`} />
          <select name="status" defaultValue={st ?? ""} aria-label="Status" className={INPUT}>
            <option value="">any status</option>
            <option>open</option>
            <option>closed</option>
          </select>
          <button className={BUTTON}>Search</button>
        </form>
        <Link href="/cases/new" className={PRIMARY}>
          New case
        </Link>
      </div>
      <CaseTable cases={cases} empty={q || st ? "No case matches." : "No cases yet."} />
    </div>
  );
}
