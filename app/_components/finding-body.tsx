import Link from "next/link";
import type { TFindingDetail } from "@/lib/queries/get-finding";
import { Section } from "@/app/bundles/[bundleId]/_components/section";
import { EvidenceItem } from "@/app/bundles/[bundleId]/_components/evidence-item";

/** Only http(s) references become links; anything else is shown as text. */
function safeUrl(ref: string): string | null {
  try {
    const u = new URL(ref);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * A finding's explanation, remediation, entities, evidence and references: the finding page
 * and an incident link's page (bundleId null: evidence without links into the bundle).
 */
export function FindingBody({ f, bundleId }: { f: TFindingDetail; bundleId: string | null }) {
  const entities = Object.entries(f.entities).filter(([, v]) => Array.isArray(v) && v.length > 0) as [string, (string | number)[]][];
  return (
    <>
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
                  {v.map((x) =>
                    // A namespace opens on the map (not from an incident link: it shows nothing else of the bundle).
                    k === "netns" && bundleId && /^\d+$/.test(String(x)) ? (
                      <Link
                        key={String(x)}
                        href={`/bundles/${encodeURIComponent(bundleId)}/netns?netns=${String(x)}`}
                        className="rounded bg-zinc-100 px-1.5 font-mono text-xs text-sky-700 hover:underline dark:bg-zinc-800 dark:text-sky-400"
                        data-testid="entity-netns-link"
                      >
                        {String(x)}
                      </Link>
                    ) : (
                      <span key={String(x)} className="rounded bg-zinc-100 px-1.5 font-mono text-xs dark:bg-zinc-800">
                        {String(x)}
                      </span>
                    ),
                  )}
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
    </>
  );
}
