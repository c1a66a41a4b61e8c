import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/caller";
import { listCases } from "@/lib/cases/cases";
import { CaseTable } from "../_components/case-table";
import { BUTTON, INPUT, PRIMARY } from "../_components/ui";

export const dynamic = "force-dynamic";

// All cases; q searches title, customer, ticket reference and the hosts/files of their bundles.
const PAGE = 100;

export default async function CasesPage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string; offset?: string }> }) {
  await requirePageCaller();
  const { q, status, offset: offsetParam } = await searchParams;
  const st = status === "open" || status === "closed" ? status : undefined;
  const offset = Math.max(0, Math.floor(Number(offsetParam) || 0));
  const cases = await listCases({ q, status: st, limit: PAGE, offset });
  const pageHref = (o: number) => `/cases?${new URLSearchParams({ ...(q ? { q } : {}), ...(st ? { status: st } : {}), ...(o ? { offset: String(o) } : {}) })}`;
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
      <CaseTable cases={cases} empty={q || st || offset ? "No case matches." : "No cases yet."} />
      <div className="flex gap-3 text-xs">
        {offset > 0 && <Link href={pageHref(Math.max(0, offset - PAGE))} className="text-sky-700 hover:underline dark:text-sky-400">← previous</Link>}
        {cases.length === PAGE && <Link href={pageHref(offset + PAGE)} className="text-sky-700 hover:underline dark:text-sky-400">more cases →</Link>}
      </div>
    </div>
  );
}
