import "server-only";
import { blobStore, type BlobStore } from "@/lib/storage";

const SCAN_PAGE = 5000;
export const MAX_HITS = 200;
/** One search request reads at most this much text and runs at most this long; then it stops and says where. */
export const SEARCH_MAX_BYTES = 32 * 1024 * 1024;
export const SEARCH_MAX_MS = 1500;

export interface TLineHit {
  line: number;
  text: string;
}

export interface TSearchResult {
  hits: TLineHit[];
  /** More than MAX_HITS lines match. */
  truncated: boolean;
  /** The budget ran out before the end of the file: searched lines [from, stoppedAt.nextLine). */
  stopped: { nextLine: number; scannedBytes: number; elapsedMs: number; reason: "bytes" | "time" } | null;
}

/**
 * Case-insensitive substring search through a stored artifact, page by page from line
 * `from`, with a budget per request (bytes of text read, milliseconds): a needle that is
 * not in a 64 MiB journal costs one budget, not a full scan per page view. Stops at
 * MAX_HITS; when the budget runs out, says after how much and where to go on.
 */
export async function searchArtifactLines({
  bundleId,
  storageKey,
  q,
  from = 1,
  maxBytes = SEARCH_MAX_BYTES,
  maxMs = SEARCH_MAX_MS,
  store = blobStore,
}: {
  bundleId: string;
  storageKey: string;
  q: string;
  from?: number;
  maxBytes?: number;
  maxMs?: number;
  store?: BlobStore;
}): Promise<TSearchResult> {
  const needle = q.toLowerCase();
  const hits: TLineHit[] = [];
  const started = Date.now();
  let scannedBytes = 0;
  let start = Math.max(1, Math.floor(from));
  for (;;) {
    const page = await store.readArtifactLines(bundleId, storageKey, { start, count: SCAN_PAGE });
    for (let i = 0; i < page.lines.length; i++) {
      const text = page.lines[i]!;
      if (text.toLowerCase().includes(needle)) {
        if (hits.length === MAX_HITS) return { hits, truncated: true, stopped: null };
        hits.push({ line: page.start + i, text: text.slice(0, 300) });
      }
      scannedBytes += text.length + 1;
      const elapsedMs = Date.now() - started;
      const reason = scannedBytes >= maxBytes ? "bytes" : elapsedMs >= maxMs ? "time" : null;
      const nextLine = page.start + i + 1;
      if (reason && nextLine <= page.totalLines) return { hits, truncated: false, stopped: { nextLine, scannedBytes, elapsedMs, reason } };
    }
    start += SCAN_PAGE;
    if (page.lines.length === 0 || start > page.totalLines) return { hits, truncated: false, stopped: null };
  }
}
