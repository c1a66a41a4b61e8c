import Link from "next/link";
import { notFound } from "next/navigation";
import { getFinding } from "@/lib/bundles/get-finding";
import { SeverityBadge } from "@/app/_components/severity-badge";
import { fmtUtc } from "@/app/_components/format";
import { Section } from "../../_components/section";
import { EvidenceItem } from "../../_components/evidence-item";
import { requirePageCaller } from "@/lib/auth/caller";

/** Only http(s) references become links; anything else is shown as text. */
function safeUrl(ref: string): string | null {
  try {
    const u = new URL(ref);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : null;
  } catch {
    return null;
  }
}

// One finding: explanation, remediation, references, entities, evidence (lines or quotes, see EvidenceItem).
export default async function FindingPage({ params }: { params: Promise<{ bundleId: string; key: string }> }) {
  await requirePageCaller();
  const p = await params;
  const bundleId = decodeURIComponent(p.bundleId);
  const f = await getFinding({ bundleId, key: decodeURIComponent(p.key) });
  if (!f) notFound();
  const entities = Object.entries(f.entities).filter(([, v]) => Array.isArray(v) && v.length > 0) as [string, (string | number)[]][];
  return (
    <article className="space-y-4">
      <div>
        <Link href={`/bundles/${encodeURIComponent(bundleId)}/findings`} className="text-xs text-zinc-500 hover:underline">
          ← Findings
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <SeverityBadge severity={f.severity} />
          <h2 className="text-base font-semibold" data-testid="finding-title">
            {f.title}
          </h2>
        </div>
        <p className="mt-1 font-mono text-xs text-zinc-500">
          {f.ruleId} · {f.key}
          {f.ts ? ` · ${fmtUtc(f.ts, true)}` : ""}
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Why it matters">
          <p className="whitespace-pre-wrap leading-relaxed">{f.explanation}</p>
        </Section>
        <Section title="Remediation">
          <p className="whitespace-pre-wrap leading-relaxed">{f.remediation}</p>
        </Section>
      </div>
      {entities.length > 0 && (
        <Section title="Entities">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            {entities.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-zinc-500">{k}</dt>
                <dd className="flex flex-wrap gap-1">
                  {v.map((x) => (
                    <span key={String(x)} className="rounded bg-zinc-100 px-1.5 font-mono text-xs dark:bg-zinc-800">
                      {String(x)}
                    </span>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </Section>
      )}
      <Section title={`Evidence (${f.evidence.length})`} testId="evidence">
        <ul className="space-y-3" data-kbd-list>
          {f.evidence.map((e, i) => (
            <EvidenceItem key={i} bundleId={bundleId} e={e} n={i + 1} />
          ))}
        </ul>
      </Section>
      {f.references.length > 0 && (
        <Section title="References">
          <ul className="list-disc space-y-1 pl-5">
            {f.references.map((r) => {
              const url = safeUrl(r);
              return (
                <li key={r}>
                  {url ? (
                    <a href={url} rel="noreferrer noopener" target="_blank" className="break-all text-sky-700 hover:underline dark:text-sky-400">
                      {r}
                    </a>
                  ) : (
                    <span>{r}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </Section>
      )}
    </article>
  );
}
