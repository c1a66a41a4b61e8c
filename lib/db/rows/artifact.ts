import type { ArtifactInfo } from "@/lib/model/types";
import { decodeJson, lenientArray, ZObjectLike } from "./json";

/** The Artifact row's JSON column, written by lib/ingest/finish-ingest.ts. */

export interface TArtifactWarning {
  line?: number;
  message: string;
}

/** At most this many warnings are kept per artifact. */
export const MAX_STORED_WARNINGS = 500;

/** Artifact.warnings, read: every object item as a warning (a line only when it is a number). */
export const ZArtifactWarnings = lenientArray(
  ZObjectLike.transform((w): TArtifactWarning => ({ ...(typeof w.line === "number" ? { line: w.line } : {}), message: String(w.message ?? "") })),
);

/** NULL when the artifact has no warnings. */
export function encodeArtifactWarnings(warnings: ArtifactInfo["warnings"]): string | null {
  return warnings.length ? JSON.stringify(warnings.slice(0, MAX_STORED_WARNINGS)) : null;
}

export function decodeArtifactWarnings(text: string | null): TArtifactWarning[] {
  return decodeJson(ZArtifactWarnings, text);
}
