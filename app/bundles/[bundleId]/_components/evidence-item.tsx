import Link from "next/link";
import type { Evidence } from "@/lib/rules/finding";
import { evidenceLine, evidenceQuote, QUOTE_LABEL } from "@/lib/model/evidence";
import { artifactHref } from "@/app/_components/format";

/** A link to an artifact line, or (bundleId null: an incident link's page, which reaches nothing else) plain text. */
function LineRef({ bundleId, artifact, line, className, testId, children }: { bundleId: string | null; artifact: string; line: number; className: string; testId?: string; children: React.ReactNode }) {
  // Plain text looks like it: no link colour where nothing can be clicked.
  if (bundleId === null)
    return (
      <span className={className.replace(/\S*(sky|hover:)\S*/g, "").trim() || undefined} data-testid={testId}>
        {children}
      </span>
    );
  return (
    <Link href={artifactHref(bundleId, artifact, line)} className={className} data-testid={testId}>
      {children}
    </Link>
  );
}

// One evidence item of a finding. Verbatim artifact lines are numbered, each number linking to
// its line; text the analysis wrote (a matched log record, a capture summary) is a quote with
// one "line N" link, or none when it points at no line, so no number claims a line it is not.
export function EvidenceItem({ bundleId, e, n }: { bundleId: string | null; e: Evidence; n: number }) {
  const quote = evidenceQuote(e);
  if (quote) {
    const line = evidenceLine(e);
    return (
      <li data-kbd-item id={`E${n}`} data-testid="evidence-quote-item">
        <div className="flex flex-wrap items-baseline gap-x-2 font-mono text-xs">
          <span className="text-zinc-600 dark:text-zinc-300">{e.artifact}</span>
          {line !== null && (
            <LineRef bundleId={bundleId} artifact={e.artifact} line={line} className="text-sky-700 hover:underline dark:text-sky-400" testId="evidence-line-link">
              line {line}
            </LineRef>
          )}
          <span className="font-sans text-zinc-500">({QUOTE_LABEL[quote]})</span>
        </div>
        <blockquote className="mt-1 whitespace-pre-wrap break-words border-l-2 border-zinc-300 bg-zinc-50 px-2 py-1 text-xs italic dark:border-zinc-700 dark:bg-zinc-900" data-testid="evidence-quote">
          {e.excerpt}
        </blockquote>
      </li>
    );
  }
  const lines = e.excerpt.split("\n");
  return (
    <li data-kbd-item id={`E${n}`}>
      <LineRef bundleId={bundleId} artifact={e.artifact} line={e.lineStart} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400" testId="evidence-link">
        {e.artifact}:{e.lineStart}
        {e.lineEnd > e.lineStart ? `-${e.lineEnd}` : ""}
      </LineRef>
      <pre className="mt-1 overflow-x-auto rounded bg-zinc-50 py-1 text-xs dark:bg-zinc-900">
        {lines.map((l, j) => (
          <div key={j} className="flex">
            <LineRef bundleId={bundleId} artifact={e.artifact} line={e.lineStart + j} className="w-14 shrink-0 select-none pr-2 text-right text-zinc-400 hover:text-sky-600">
              {e.lineStart + j}
            </LineRef>
            <code className="whitespace-pre">{l}</code>
          </div>
        ))}
      </pre>
    </li>
  );
}
