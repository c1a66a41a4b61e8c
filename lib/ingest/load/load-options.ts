export interface LoadTimelineOptions {
  spoolPath: string;
  bundleId: string;
  /** The ingest run: written on every row, and the flip only happens while it is the bundle's. */
  generation: number;
  /** Events in the spool (the analysis counted them), for Bundle.timelineProgress. */
  total: number;
  signal?: AbortSignal;
  /** Rows committed so far (after each transaction or COPY chunk). */
  onProgress?: (loaded: number) => void;
  /** SQLite: the rows are shown and their text index is about to be filled (timelineState "indexing"). */
  onShown?: () => void | Promise<void>;
}

/** "superseded": a newer run of the bundle began meanwhile; this run's rows stay invisible. */
export interface LoadResult {
  status: "ready" | "superseded";
  rows: number;
  /** Events left out for an unreadable timestamp (readSpool). */
  dropped: number;
}
