import { z } from "zod";
import type { CommandInfo, NodeModel } from "@/lib/model/types";
import type { NotEvaluated, Severity } from "@/lib/rules/finding";
import { decodeJson, lenientArray, numberEntries, parseJsonText, ZNumber, ZObjectLike, ZRecord, ZStrings } from "./json";

/**
 * The Bundle row's JSON columns. lib/ingest/finish-ingest.ts writes both when the ingest
 * flips the bundle to ready/partial; pages read them back through these decoders.
 */

// ---- Bundle.severityCounts: findings per severity ----

/** Read: an object's number entries; {} for anything else. */
export const ZSeverityCounts = ZObjectLike.transform(numberEntries).catch(() => ({}));

export function encodeSeverityCounts(counts: Record<Severity, number>): string {
  return JSON.stringify(counts);
}

export function decodeSeverityCounts(text: string | null): Record<string, number> {
  return decodeJson(ZSeverityCounts, text);
}

// ---- Bundle.summaryJson: the small overview of one analysis ----

/** The summary as lib/ingest/summarize-result.ts summaryOf writes it (key order is the stored order). */
export interface TSummaryJson {
  complete: boolean;
  errors: string[];
  notEvaluated: NotEvaluated[];
  collection: NodeModel["collection"];
  collector: NodeModel["bundle"]["collector"];
  root: NodeModel["bundle"]["root"];
  counts: { artifacts: number; artifactErrors: number; netns: number; processes: number; findings: number; timelineEvents: number; timelineDropped: number };
}

/**
 * The summary as the overview page reads it. Every field is checked by shape, because an
 * older or partial ingest may have written less and the page must still render.
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

const emptySummary = (): TBundleSummary => ({ notEvaluated: [], errors: [], missingTools: [], limitations: [], failedCommands: [], complete: null, counts: {} });

const ZNullableNumber = ZNumber.nullable().catch(null);
const ZFlag = z.boolean().catch(false);
const ZOptional = <T>(s: z.ZodType<T>) => s.optional().catch(undefined);

/** A failed command; the optional fields are kept only when they have their type. */
const ZCommand = z
  .object({
    argv: ZStrings,
    exitCode: ZNullableNumber,
    durationMs: ZNullableNumber,
    timedOut: ZFlag,
    truncated: ZFlag,
    notFound: ZFlag,
    stderr: z.string().catch(""),
    netns: ZOptional(ZNumber),
    reachedVia: ZOptional(z.string()),
    output: ZOptional(z.string()),
  })
  .transform((c): CommandInfo => withoutUndefined(c));

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const ZNotEvaluated = z.object({ ruleId: z.string(), reason: z.string().catch("") });

const ZCollectionLimits = z.object({ missingTools: ZStrings, limitations: ZStrings, failedCommands: lenientArray(ZCommand) });

/** Read: a summary from whatever object is stored; the empty summary for anything else. */
export const ZBundleSummary = z
  .preprocess(
    // Collection limits may sit at the top level or under "collection" (the model's shape).
    (root) => {
      const r = ZRecord.safeParse(root);
      return r.success ? { ...r.data, collection: ZRecord.safeParse(r.data.collection).data ?? r.data } : root;
    },
    z.object({
      notEvaluated: lenientArray(ZNotEvaluated),
      errors: ZStrings,
      collection: ZCollectionLimits,
      complete: z.boolean().nullable().catch(null),
      counts: ZRecord.transform(numberEntries).catch(() => ({})),
    }),
  )
  .transform(({ notEvaluated, errors, collection, complete, counts }): TBundleSummary => ({ notEvaluated, errors, ...collection, complete, counts }))
  .catch(emptySummary);

export function encodeSummary(summary: TSummaryJson): string {
  return JSON.stringify(summary);
}

/** NULL: the empty summary; text that is not JSON: the empty summary saying "summary unreadable". */
export function decodeSummary(text: string | null | undefined): TBundleSummary {
  if (!text) return emptySummary();
  const value = parseJsonText(text);
  if (value === undefined) return { ...emptySummary(), errors: ["summary unreadable"] };
  return ZBundleSummary.parse(value);
}
