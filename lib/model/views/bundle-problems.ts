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
