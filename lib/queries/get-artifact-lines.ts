import "server-only";
import { blobStore, type LinePage } from "@/lib/storage";

export const PAGE_LINES = 1000;

/** The page (1-based, PAGE_LINES each) that holds `line`. */
export function pageOfLine(line: number): number {
  return Math.max(1, Math.ceil(line / PAGE_LINES));
}

// One page of an artifact's stored text for the viewer; never the whole file.
export async function getArtifactLines({ bundleId, storageKey, page }: { bundleId: string; storageKey: string; page: number }): Promise<LinePage> {
  const start = (Math.max(1, page) - 1) * PAGE_LINES + 1;
  return blobStore.readArtifactLines(bundleId, storageKey, { start, count: PAGE_LINES });
}
