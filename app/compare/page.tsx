import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/caller";
import { compareModels } from "@/lib/compare/compare-models";
import type { Change, FindingBrief } from "@/lib/compare/types";
import { getCompareSide } from "@/lib/queries/get-compare-side";
import { listBundles } from "@/lib/queries/list-bundles";
import { artifactHref, findingHref, fmtUtc } from "@/app/_components/format";
import { SeverityBadge } from "@/app/_components/severity-badge";
import { BUTTON, INPUT, PANEL } from "@/app/_components/ui";

export const dynamic = "force-dynamic";

type Params = { a?: string; b?: string; case?: string };
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

// Compare two bundles: the summary first, then what changed per area, each change linked to
// the lines that show it on both sides. Without ?a=&b= it is a picker of ready bundles.
export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageCaller();
  const sp = await searchParams;
  const q: Params = { a: one(sp.a), b: one(sp.b), case: one(sp.case) };
  if (!q.a || !q.b) return <Picker {...q} />;
  const [sa, sb] = await Promise.all([getCompareSide({ bundleId: q.a }), getCompareSide({ bundleId: q.b })]);
  if (!sa || !sb) return <p data-testid="compare-missing">{!sa ? "Bundle A" : "Bundle B"} does not exist or is not analysed yet.</p>;
  const d = compareModels(sa, sb);
  const ids = { a: q.a, b: q.b };
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">What changed</h1>
      <div className="grid grid-cols-2 gap-4 text-sm">
        {(["a", "b"] as const).map((s) => (
          <Link key={s} href={`/bundles/${encodeURIComponent(ids[s])}`} className={`${PANEL} hover:bg-zinc-50 dark:hover:bg-zinc-900`} data-testid={`compare-side-${s}`}>
            <span className="font-semibold">{s.toUpperCase()}: {d[s].host ?? ids[s]}</span> <span className="text-zinc-500">collected {fmtUtc(d[s].collectedAt ? new Date(d[s].collectedAt!) : null)}</span>
          </Link>
        ))}
      </div>
      <ul className={`${PANEL} list-disc space-y-1 pl-8 text-sm`} data-testid="compare-summary">
        {d.summary.map((s, i) => <li key={i}>{s}</li>)}
      </ul>
      <Section title={`Findings: ${d.findings.new.length} new, ${d.findings.resolved.length} resolved, ${d.findings.persisting.length} persisting`} testId="compare-findings">
        <FindingList label="New" side="b" items={d.findings.new} ids={ids} />
        <FindingList label="Resolved" side="a" items={d.findings.resolved} ids={ids} />
        <FindingList label="Persisting" side="b" items={d.findings.persisting.map((p) => p.b)} ids={ids} />
        <FindingList label="Not re-evaluated on B (its rule could not run there)" side="a" items={d.findings.notReevaluated} ids={ids} />
      </Section>
      <Section title={`Namespaces: ${d.namespaces.matched.length} matched, ${d.namespaces.removed.length} gone, ${d.namespaces.added.length} new`} testId="compare-namespaces">
        <ul className="space-y-0.5 font-mono text-xs">
          {d.namespaces.removed.map((n) => <li key={`r${n.inode}`} className="text-red-700 dark:text-red-400">− {n.label} {n.addresses.join(" ")}</li>)}
          {d.namespaces.added.map((n) => <li key={`a${n.inode}`} className="text-emerald-700 dark:text-emerald-400">+ {n.label} {n.addresses.join(" ")}</li>)}
          {d.namespaces.matched.filter((p) => p.a.inode !== p.b.inode && p.matchedBy !== "host").map((p) => <li key={`m${p.a.inode}`}>= {p.b.label}: was {p.a.inode}, matched by {p.matchedBy}</li>)}
        </ul>
        {[...d.ips.duplicatesResolved, ...d.ips.duplicatesAppeared, ...d.ips.moved].length > 0 && (
          <ul className="mt-2 space-y-0.5 text-xs" data-testid="compare-ips">
            {d.ips.duplicatesResolved.map((m) => <li key={`dr${m.ip}`}>{m.ip}: in {m.from.join(", ")} → now {m.to.join(", ") || "none"}</li>)}
            {d.ips.duplicatesAppeared.map((m) => <li key={`da${m.ip}`} className="text-red-700 dark:text-red-400">{m.ip} now in {m.to.length} namespaces: {m.to.join(", ")}</li>)}
            {d.ips.moved.map((m) => <li key={`mv${m.ip}`}>{m.ip} moved: {m.from.join(", ")} → {m.to.join(", ")}</li>)}
          </ul>
        )}
      </Section>
      {d.host.map((h) => (
        <Section key={h.area} title={`Node: ${h.area} (${h.changes.length})`}>
          <ChangeList changes={h.changes} ids={ids} />
        </Section>
      ))}
      {d.netns.map((n) => (
        <Section key={n.pair.a.inode} title={`${n.pair.b.label}: ${n.areas.map((a) => `${a.area} ${a.changes.length}`).join(", ") || "no change"}`} testId="compare-netns">
          {n.areas.map((a) => (
            <details key={a.area} open={a.changes.length <= 10}>
              <summary className="cursor-pointer text-sm font-medium">{a.area} ({a.changes.length})</summary>
              <ChangeList changes={a.changes} ids={ids} />
            </details>
          ))}
          {n.notCompared.length > 0 && <p className="text-xs text-zinc-500">Not compared here: {n.notCompared.map((x) => `${x.area} (only ${x.onlyIn.toUpperCase()} collected)`).join(", ")}</p>}
        </Section>
      ))}
      {(d.coverage.onlyA.length > 0 || d.coverage.onlyB.length > 0 || d.coverage.notCompared.length > 0) && (
        <Section title="Coverage: what only one bundle has" testId="compare-coverage">
          <ul className="space-y-0.5 text-xs">
            {d.coverage.onlyA.map((k) => <li key={`a${k.kind}`}>only A: {k.kind} ({k.files})</li>)}
            {d.coverage.onlyB.map((k) => <li key={`b${k.kind}`}>only B: {k.kind} ({k.files})</li>)}
            {d.coverage.notCompared.map((s) => <li key={s}>not compared: {s}</li>)}
          </ul>
        </Section>
      )}
    </div>
  );
}

function Section({ title, testId, children }: { title: string; testId?: string; children: React.ReactNode }) {
  return (
    <section className={`${PANEL} space-y-2`} data-testid={testId}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function FindingList({ label, side, items, ids }: { label: string; side: "a" | "b"; items: FindingBrief[]; ids: { a: string; b: string } }) {
  if (items.length === 0) return null;
  return (
    <div data-testid={`compare-findings-${label.split(" ")[0]!.toLowerCase()}`}>
      <h3 className="text-xs uppercase text-zinc-500">{label}</h3>
      <ul className="space-y-0.5 text-sm">
        {items.map((f) => (
          <li key={f.id} className="flex items-baseline gap-2">
            <SeverityBadge severity={f.severity} />
            <Link href={findingHref(ids[side], f.id)} className="hover:underline">{f.title}</Link>
            <span className="text-xs text-zinc-500">({side.toUpperCase()})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const MARK = { added: "+", removed: "−", changed: "~" } as const;
const COLOR = { added: "text-emerald-700 dark:text-emerald-400", removed: "text-red-700 dark:text-red-400", changed: "" } as const;

function ChangeList({ changes, ids }: { changes: Change[]; ids: { a: string; b: string } }) {
  const link = (side: "a" | "b", c: Change) => {
    const f = c[side];
    return f?.src ? <Link href={artifactHref(ids[side], f.src.artifact, f.src.lineStart)} className="text-sky-700 hover:underline dark:text-sky-400">{side.toUpperCase()}:{f.src.lineStart}</Link> : null;
  };
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {changes.slice(0, 500).map((c, i) => (
        <li key={i} className={COLOR[c.kind]}>
          {MARK[c.kind]} {c.kind === "changed" ? `${c.a?.text}  →  ${c.b?.text}` : (c.b ?? c.a)?.text}
          {c.delta ? `  (counters ${c.delta.packets >= 0 ? "+" : ""}${c.delta.packets} packets)` : ""} {link("a", c)} {link("b", c)}
        </li>
      ))}
      {changes.length > 500 && <li className="text-zinc-500">… {changes.length - 500} more</li>}
    </ul>
  );
}

async function Picker({ a, b, case: caseId }: Params) {
  // partial bundles (a truncated archive) are analysed too, as far as they go
  const bundles = (await listBundles(caseId ? { caseId } : {})).filter((x) => x.status === "ready" || x.status === "partial").slice(0, 200);
  const option = (x: (typeof bundles)[number]) => <option key={x.id} value={x.id}>{`${x.host ?? x.fileName} · ${x.caseTitle} · collected ${fmtUtc(x.collectedAt)}`}</option>;
  return (
    <form className={`${PANEL} space-y-3 text-sm`} method="get" data-testid="compare-picker">
      <h1 className="text-lg font-semibold">Compare two bundles</h1>
      {bundles.length < 2 && <p className="text-zinc-500">There are fewer than two analysed bundles{caseId ? " in this case" : ""}.</p>}
      {(["a", "b"] as const).map((s) => (
        <label key={s} className="block">
          {s === "a" ? "A (before)" : "B (after)"}{" "}
          <select name={s} defaultValue={s === "a" ? a : b} className={INPUT} data-testid={`compare-pick-${s}`}>
            {bundles.map(option)}
          </select>
        </label>
      ))}
      <button type="submit" className={BUTTON}>Compare</button>
    </form>
  );
}
