import { z } from "zod";
import type { Evidence, Finding } from "@/lib/rules/finding";
import { decodeJson, parseJsonText, ZJsonArray, ZStrings } from "./json";

/** The Finding row's JSON columns, written by lib/ingest/finish-ingest.ts from a rule's Finding. */

export function encodeFindingColumns(f: Pick<Finding, "references" | "entities" | "evidence" | "causedBy" | "causes" | "related">): {
  references: string;
  entities: string;
  evidence: string;
  links: string | null;
} {
  return { references: JSON.stringify(f.references), entities: JSON.stringify(f.entities), evidence: JSON.stringify(f.evidence), links: encodeFindingLinks(f) };
}

// ---- Finding.links: the cause chain and related findings (keys in the same bundle) ----

export interface TFindingLinks {
  causedBy: string[];
  causes: string[];
  related: string[];
}

/** Written only when the finding has a link: most have none, and older rows have no column value. */
function encodeFindingLinks(f: Pick<Finding, "causedBy" | "causes" | "related">): string | null {
  const links: Partial<TFindingLinks> = {};
  if (f.causedBy?.length) links.causedBy = f.causedBy;
  if (f.causes?.length) links.causes = f.causes;
  if (f.related?.length) links.related = f.related;
  return Object.keys(links).length ? JSON.stringify(links) : null;
}

/** Read: each list's string items; empty lists for NULL (rows older than the column) or anything unreadable. */
export const ZFindingLinks = z
  .object({ causedBy: ZStrings.optional(), causes: ZStrings.optional(), related: ZStrings.optional() })
  .catch(() => ({}))
  .transform((l) => ({ causedBy: l.causedBy ?? [], causes: l.causes ?? [], related: l.related ?? [] }));

export function decodeFindingLinks(text: string | null): TFindingLinks {
  return decodeJson(ZFindingLinks, text);
}

// ---- Finding.references: URLs ----

/** Read: the string items; [] for anything else. */
export const ZFindingReferences = ZStrings;

export function decodeFindingReferences(text: string): string[] {
  return decodeJson(ZFindingReferences, text);
}

// ---- Finding.entities: what the finding is about (ips, pids, netns, ...) ----

/** Read: the stored value as it is; {} when it is null or unreadable. */
export const ZFindingEntities = z.custom<Finding["entities"]>((v) => v !== null && v !== undefined).catch(() => ({}));

export function decodeFindingEntities(text: string): Finding["entities"] {
  return decodeJson(ZFindingEntities, text);
}

// ---- Finding.evidence: the cited artifact lines ----

const ZEvidenceItem = z.looseObject({ artifact: z.string() });

/** Read: the items that name an artifact, each as stored; [] for anything else. */
export const ZFindingEvidence = ZJsonArray.transform((items) => items.filter((e) => ZEvidenceItem.safeParse(e).success) as Evidence[]);

export function decodeFindingEvidence(text: string): Evidence[] {
  return decodeJson(ZFindingEvidence, text);
}

/** How many evidence items are stored (the list's count; 0 when it is not a list). */
export function countFindingEvidence(text: string): number {
  return ZJsonArray.parse(parseJsonText(text)).length;
}
