import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/caller";
import { listBundles } from "@/lib/queries/list-bundles";
import { listCases } from "@/lib/cases/cases";
import { BundleTable } from "./_components/bundle-table";
import { CaseTable } from "./_components/case-table";
import { BUTTON, INPUT, PRIMARY } from "./_components/ui";

export const dynamic = "force-dynamic";

// Home: the engineer's open cases, the newest bundles of all cases, and a search across cases.
export default async function HomePage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const caller = await requirePageCaller();
  const { denied } = await searchParams;
  const [mine, recent] = await Promise.all([listCases({ status: "open", assigneeId: caller.userId, limit: 50 }), listBundles({ take: 10 })]);
  return (
    <div className="space-y-6">
      {denied === "admin" && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 dark:border-amber-800 dark:bg-amber-950/30">
          That page is for admins only.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-base font-semibold">My open cases</h1>
        <form action="/cases" className="ml-auto flex gap-2">
          <input name="q" placeholder="Search cases: customer, ticket, host…" aria-label="Search cases" className={`${INPUT} w-72`} />
          <button className={BUTTON}>Search</button>
        </form>
        <Link href="/cases/new" className={PRIMARY}>
          New case
        </Link>
      </div>
      <CaseTable cases={mine} empty="No open case is assigned to you." />
      <section>
        <div className="mb-2 flex items-center">
          <h2 className="text-base font-semibold">Recent bundles</h2>
          <Link href="/bundles" className="ml-auto text-sky-700 hover:underline dark:text-sky-400">
            All bundles →
          </Link>
        </div>
        <BundleTable bundles={recent} empty="No bundles yet." />
      </section>
    </div>
  );
}
