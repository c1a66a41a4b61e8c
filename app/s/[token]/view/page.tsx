import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getIncidentView, recordIncidentView, resolveIncidentLink } from "@/lib/links/incident-links";
import { SeverityBadge } from "@/app/_components/severity-badge";
import { FindingBody } from "@/app/_components/finding-body";
import { fmtUtc } from "@/app/_components/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Shared findings", referrer: "no-referrer", robots: { index: false } };

// Public (the token is the credential): an incident link's page. It shows the bundle's
// header and the selected findings with their explanation, remediation and cited lines,
// and links nowhere else. An unusable link 404s here; /s/[token] gives its 410 and why.
export default async function IncidentLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let link: Awaited<ReturnType<typeof resolveIncidentLink>>;
  try {
    link = await resolveIncidentLink(token);
  } catch (e) {
    if (isAppError(e)) notFound();
    throw e;
  }
  await recordIncidentView(link.id, await headers());
  const view = await getIncidentView(link);
  return (
    <article className="mx-auto max-w-5xl space-y-6" data-testid="incident-view">
      <header className="space-y-1">
        <div className="text-xs text-zinc-500">
          Shared findings · read-only · valid until {fmtUtc(view.expiresAt)} UTC{view.pseudonymised ? " · addresses and names pseudonymised" : ""}
        </div>
        <h1 className="text-lg font-semibold" data-testid="incident-host">
          {view.header.host ?? "node"}
        </h1>
        <div className="font-mono text-xs text-zinc-500">
          {view.header.kernel ?? ""} · collected {fmtUtc(view.header.collectedAt)}
        </div>
        {view.note && <p className="whitespace-pre-wrap">{view.note}</p>}
      </header>
      {view.findings.map((f) => (
        <section key={f.key} className="space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800" data-testid="incident-finding">
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={f.severity} />
            <h2 className="text-base font-semibold">{f.title}</h2>
          </div>
          <FindingBody f={f} bundleId={null} />
        </section>
      ))}
    </article>
  );
}
