import Link from "next/link";
import { getBundle } from "@/lib/queries/get-bundle";
import { bundleProblems, MAX_SHOWN_PROBLEMS } from "@/lib/model/views/bundle-problems";
import { getBundleModelMeta, getBundleModelPieces } from "@/lib/queries/get-bundle-model";
import { listArtifactErrors } from "@/lib/queries/list-artifact-errors";
import { countFindingsBySeverity, listFindings } from "@/lib/queries/list-findings";
import { SeverityBadge } from "@/app/_components/severity-badge";
import { artifactHref, findingHref, fmtBytes, fmtUtc } from "@/app/_components/format";
import { Facts, Section } from "./_components/section";
import { requirePageCaller } from "@/lib/auth/caller";

// Overview: host facts, top findings, what could not be collected, rules not evaluated.
export default async function OverviewPage({ params }: { params: Promise<{ bundleId: string }> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  // Only the model pieces shown here, and its item counts from the piece index (no piece inflated for them).
  const [b, model, meta, [top, findingCounts], badArtifacts] = await Promise.all([
    getBundle({ bundleId }),
    getBundleModelPieces({ bundleId, keys: ["bundle", "collection", "errors"] }),
    getBundleModelMeta({ bundleId }),
    Promise.all([listFindings({ bundleId, maxRank: 1, take: 8 }), countFindingsBySeverity({ bundleId })]),
    listArtifactErrors({ bundleId, take: MAX_SHOWN_PROBLEMS }),
  ]);
  if (!b) return null;
  const info = model?.bundle;
  const s = b.summary;
  const failed = s.failedCommands.length ? s.failedCommands : (model?.collection.failedCommands ?? []);
  const missing = s.missingTools.length ? s.missingTools : (model?.collection.missingTools ?? []);
  const limits = s.limitations.length ? s.limitations : (model?.collection.limitations ?? []);
  const errors = bundleProblems(s.errors, model?.errors);
  const artifactErrors = badArtifacts.rows;
  const os = info?.osRelease ?? {};

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Section title="Host" testId="host-facts">
        <Facts
          rows={[
            ["Host", b.host ?? info?.host],
            ["Kernel", b.kernel ?? info?.kernel],
            ["OS", os.PRETTY_NAME ?? os.NAME],
            ["Collected (UTC)", fmtUtc(b.collectedAt ?? info?.collectedAt)],
            ["Node clock", info?.nodeClock],
            ["Boot time", info?.bootTime ? fmtUtc(info.bootTime) : null],
            ["Collector", info?.collector ? `${info.collector.name} ${info.collector.version} (format v${info.formatVersion ?? "?"})` : null],
            ["Ran as", info?.uid === null || info?.uid === undefined ? null : info.root ? `root (uid ${info.uid})` : `uid ${info.uid}: not root, per-netns data is limited`],
            ["Archive", `${b.fileName} · ${fmtBytes(b.sizeBytes)} · sha256 ${b.sha256.slice(0, 12)}…`],
            ["Model", meta ? `${meta.lengths.processes ?? 0} processes · ${meta.lengths.netns ?? 0} network namespaces · ${meta.lengths.artifacts ?? 0} artifacts` : "not built yet"],
          ]}
        />
      </Section>

      <Section title="Top findings" testId="top-findings">
        {top.length === 0 ? (
          <p className="text-zinc-500">{findingCounts.total ? "No critical or high findings." : "No findings."}</p>
        ) : (
          <ul className="space-y-1" data-kbd-list>
            {top.map((f) => (
              <li key={f.key} data-kbd-item className="flex items-start gap-2 rounded px-1 py-0.5">
                <SeverityBadge severity={f.severity} />
                <Link href={findingHref(b.id, f.key)} className="text-sky-700 hover:underline dark:text-sky-400">
                  {f.title}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Link href={`/bundles/${encodeURIComponent(b.id)}/findings`} className="mt-2 inline-block text-xs text-zinc-500 hover:underline">
          All {findingCounts.total} findings →
        </Link>
      </Section>

      <Section title="Not collected" testId="not-collected">
        {failed.length === 0 && missing.length === 0 && limits.length === 0 ? (
          <p className="text-zinc-500">Every command ran and finished.</p>
        ) : (
          <div className="space-y-2">
            {missing.length > 0 && (
              <p>
                <span className="text-zinc-500">Missing tools: </span>
                <span className="font-mono text-xs">{missing.join(", ")}</span>
              </p>
            )}
            {limits.map((l) => (
              <p key={l} className="text-amber-700 dark:text-amber-400">
                {l}
              </p>
            ))}
            {failed.length > 0 && (
              <table className="w-full text-xs">
                <thead className="text-left text-zinc-500">
                  <tr>
                    <th className="py-1 pr-2">Command</th>
                    <th className="py-1 pr-2">Result</th>
                    <th className="py-1">stderr</th>
                  </tr>
                </thead>
                <tbody>
                  {failed.map((c, i) => (
                    <tr key={i} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                      <td className="py-1 pr-2 font-mono">
                        {c.argv.join(" ")}
                        {c.netns ? <span className="text-zinc-500"> (netns {c.netns})</span> : null}
                      </td>
                      <td className="whitespace-nowrap py-1 pr-2">
                        {c.timedOut ? "timed out" : c.notFound ? "not found" : `exit ${c.exitCode ?? "?"}`}
                        {c.truncated ? ", truncated" : ""}
                      </td>
                      <td className="py-1 font-mono text-zinc-500">{c.stderr.slice(0, 200)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </Section>

      <Section title="Rules not evaluated" testId="not-evaluated">
        {s.notEvaluated.length === 0 ? (
          <p className="text-zinc-500">Every rule had the data it needs.</p>
        ) : (
          <ul className="space-y-1">
            {s.notEvaluated.map((n) => (
              <li key={n.ruleId}>
                <span className="font-mono text-xs">{n.ruleId}</span> <span className="text-zinc-500">— {n.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      {errors.length > 0 && (
        <Section title="Bundle problems" testId="bundle-errors">
          <ul className="list-disc space-y-1 pl-5 text-red-700 dark:text-red-400">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
          {artifactErrors.length > 0 && (
            <ul className="mt-2 space-y-1 text-xs">
              {artifactErrors.map((a) => (
                <li key={a.path}>
                  <Link className="font-mono text-sky-700 hover:underline dark:text-sky-400" href={artifactHref(b.id, a.path)}>
                    {a.path}
                  </Link>
                  : {a.error}
                </li>
              ))}
              {badArtifacts.total > artifactErrors.length && <li className="text-zinc-500">… and {badArtifacts.total - artifactErrors.length}
                  {badArtifacts.capped ? "+" : ""} more artifact errors</li>}
            </ul>
          )}
        </Section>
      )}
    </div>
  );
}
