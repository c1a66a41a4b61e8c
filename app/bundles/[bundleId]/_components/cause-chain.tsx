import Link from "next/link";
import type { TCauseChain, TLinkedFinding } from "@/lib/queries/get-cause-chain";
import { SeverityBadge } from "@/app/_components/severity-badge";
import { Section } from "./section";

function FindingLink({ bundleId, f, current }: { bundleId: string; f: TLinkedFinding; current?: boolean }) {
  const body = (
    <>
      <SeverityBadge severity={f.severity} /> <span>{f.title}</span>
    </>
  );
  if (current) return <span className="font-semibold">{body}</span>;
  return (
    <Link href={`/bundles/${encodeURIComponent(bundleId)}/findings/${encodeURIComponent(f.key)}`} className="hover:underline">
      {body}
    </Link>
  );
}

function FindingList({ bundleId, label, items }: { bundleId: string; label: string; items: TLinkedFinding[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <p className="text-xs text-zinc-500">{label}</p>
      <ul className="mt-1 space-y-1">
        {items.map((f) => (
          <li key={f.key}>
            <FindingLink bundleId={bundleId} f={f} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Symptom → mechanism → cause, then what this finding explains and what names the same things. */
export function CauseChain({ bundleId, c }: { bundleId: string; c: TCauseChain }) {
  if (c.chain.length < 2 && c.causes.length === 0 && c.related.length === 0) return null;
  return (
    <Section title="How it fits together">
      <div className="space-y-3" data-testid="cause-chain">
        {c.chain.length > 1 && (
          <div>
            <p className="text-xs text-zinc-500">Symptom first, each line caused by the next:</p>
            <ol className="mt-1 space-y-1">
              {c.chain.map((f, i) => (
                <li key={f.key} className="flex items-baseline gap-2">
                  <span className="text-zinc-400">{i === 0 ? "•" : "←"}</span>
                  <FindingLink bundleId={bundleId} f={f} current={i === 0} />
                </li>
              ))}
            </ol>
          </div>
        )}
        <FindingList bundleId={bundleId} label="This explains:" items={c.causes} />
        <FindingList bundleId={bundleId} label="Related (the same addresses, processes, namespaces or paths):" items={c.related} />
      </div>
    </Section>
  );
}
