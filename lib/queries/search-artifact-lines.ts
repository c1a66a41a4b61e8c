import "server-only";
import { blobStore } from "@/lib/storage";

const SCAN_PAGE = 5000;
export const MAX_HITS = 200;

export interface TLineHit {
  line: number;
  text: string;
}

// Case-insensitive substring search through a stored artifact, page by page, stopping at
// MAX_HITS so a huge journal never gets loaded whole.
export async function searchArtifactLines({ bundleId, storageKey, q }: { bundleId: string; storageKey: string; q: string }): Promise<{ hits: TLineHit[]; truncated: boolean }> {
  const needle = q.toLowerCase();
  const hits: TLineHit[] = [];
  let start = 1;
  for (;;) {
    const page = await blobStore.readArtifactLines(bundleId, storageKey, { start, count: SCAN_PAGE });
    page.lines.forEach((text, i) => {
      if (hits.length <= MAX_HITS && text.toLowerCase().includes(needle)) hits.push({ line: page.start + i, text: text.slice(0, 300) });
    });
    if (hits.length > MAX_HITS) return { hits: hits.slice(0, MAX_HITS), truncated: true };
    start += SCAN_PAGE;
    if (page.lines.length === 0 || start > page.totalLines) return { hits, truncated: false };
  }
}
