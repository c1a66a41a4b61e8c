/**
 * Caps for the lists an analysis stores on a bundle (Bundle.summaryJson, the model, the
 * artifact rows) and prints in `netbundle analyze`: a hostile bundle must not turn into
 * 100k lines that every later page view parses and renders. Past the cap a list keeps its
 * first items and one closing line that says how many more there were.
 */
import type { ParseWarning } from "@/lib/parsers/types";

/** Bundle-level problems (AnalysisResult.errors). One per kind of skipped member already. */
export const MAX_BUNDLE_ERRORS = 100;
/** manifest.json warnings, before they join the errors. */
export const MAX_MANIFEST_WARNINGS = 50;
/** Warnings kept per artifact (the streaming log sinks keep 1,000 as well). */
export const MAX_ARTIFACT_WARNINGS = 1000;
/** Collection facts from the manifest: missing tools, limitations, failed commands. */
export const MAX_COLLECTION_ITEMS = 500;

/** Longest single line kept: an archive fault names its entry, and a refused name can be 1 MiB. */
export const MAX_LINE_CHARS = 2000;

export const clipLine = (line: string) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);

export const andMore = (n: number, what = "more") => `… and ${n} ${what}`;

/** The list itself when within `max`, else its first `max` items and "… and N more". */
export function capLines(lines: string[], max: number, what?: string): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), andMore(lines.length - max, what)];
}

export function capWarnings(warnings: ParseWarning[], max = MAX_ARTIFACT_WARNINGS): ParseWarning[] {
  return warnings.length <= max ? warnings : [...warnings.slice(0, max), { message: andMore(warnings.length - max, "more warnings") }];
}
