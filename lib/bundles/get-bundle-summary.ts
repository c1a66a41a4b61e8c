import type { CommandInfo } from "@/lib/model/types";
import type { NotEvaluated } from "@/lib/rules/finding";

/**
 * Bundle.summaryJson as the overview page reads it. The ingest job writes it; every field is
 * optional here and checked by shape, because an older or partial ingest may have written less
 * and the page must still render (pure, no I/O; tested in get-bundle-summary.test.ts).
 */
export interface TBundleSummary {
  notEvaluated: NotEvaluated[];
  errors: string[];
  missingTools: string[];
  limitations: string[];
  failedCommands: CommandInfo[];
  complete: boolean | null;
  counts: Record<string, number>;
}

const EMPTY: TBundleSummary = { notEvaluated: [], errors: [], missingTools: [], limitations: [], failedCommands: [], complete: null, counts: {} };

function obj(v: unknown): Record<string, unknown> | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
}

function command(v: unknown): CommandInfo | null {
  const o = obj(v);
  if (!o) return null;
  const num = (x: unknown) => (typeof x === "number" ? x : null);
  return {
    argv: strings(o.argv),
    exitCode: num(o.exitCode),
    durationMs: num(o.durationMs),
    timedOut: o.timedOut === true,
    truncated: o.truncated === true,
    notFound: o.notFound === true,
    stderr: typeof o.stderr === "string" ? o.stderr : "",
    ...(typeof o.netns === "number" ? { netns: o.netns } : {}),
    ...(typeof o.reachedVia === "string" ? { reachedVia: o.reachedVia } : {}),
    ...(typeof o.output === "string" ? { output: o.output } : {}),
  } as CommandInfo;
}

export function parseSummary(json: string | null | undefined): TBundleSummary {
  if (!json) return EMPTY;
  let root: Record<string, unknown> | null;
  try {
    root = obj(JSON.parse(json));
  } catch {
    return { ...EMPTY, errors: ["summary unreadable"] };
  }
  if (!root) return EMPTY;
  // Collection limits may sit at the top level or under "collection" (the model's shape).
  const coll = obj(root.collection) ?? root;
  const notEvaluated = (Array.isArray(root.notEvaluated) ? root.notEvaluated : [])
    .map(obj)
    .filter((o): o is Record<string, unknown> => o !== null && typeof o.ruleId === "string")
    .map((o) => ({ ruleId: String(o.ruleId), reason: typeof o.reason === "string" ? o.reason : "" }));
  const counts: Record<string, number> = {};
  for (const [k, n] of Object.entries(obj(root.counts) ?? {})) if (typeof n === "number") counts[k] = n;
  return {
    notEvaluated,
    errors: strings(root.errors),
    missingTools: strings(coll.missingTools),
    limitations: strings(coll.limitations),
    failedCommands: (Array.isArray(coll.failedCommands) ? coll.failedCommands : []).map(command).filter((c): c is CommandInfo => c !== null),
    complete: typeof root.complete === "boolean" ? root.complete : null,
    counts,
  };
}

/** Most bundle problems the overview lists; older bundles may have stored one line per skipped member. */
export const MAX_SHOWN_PROBLEMS = 100;

/**
 * The overview's "Bundle problems": the summary's errors and the model's, each once, in
 * order, at most `max` of them and then "… and N more". Linear (a Set): a bundle analysed
 * before skipped members were counted per kind can hold 100k distinct lines.
 */
export function bundleProblems(summaryErrors: readonly string[], modelErrors: readonly string[] = [], max = MAX_SHOWN_PROBLEMS): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  let more = 0;
  for (const list of [summaryErrors, modelErrors]) {
    for (const e of list) {
      if (seen.has(e)) continue;
      seen.add(e);
      if (out.length < max) out.push(e);
      else more++;
    }
  }
  if (more > 0) out.push(`… and ${more} more`);
  return out;
}
