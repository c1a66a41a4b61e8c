/**
 * Timeline events go to the caller in batches (the ingest job inserts 1000 rows per
 * statement) and at most `keep` of them stay in memory for model.timeline.
 */
import type { TimelineEvent } from "@/lib/stream/types";

const BATCH = 1000;

export class EventBatcher {
  readonly kept: TimelineEvent[] = [];
  total = 0;
  private pending: TimelineEvent[] = [];

  constructor(
    private readonly sink: ((batch: TimelineEvent[]) => void | Promise<void>) | undefined,
    private readonly keep: number,
  ) {}

  add(e: TimelineEvent): void {
    this.total++;
    if (this.kept.length < this.keep) this.kept.push(e);
    if (this.sink) this.pending.push(e);
  }

  /** Hand on full batches (or everything with force); called between chunks so memory stays flat. */
  async flush(force = true): Promise<void> {
    if (!this.sink) return;
    while (this.pending.length >= BATCH || (force && this.pending.length > 0)) {
      const batch = this.pending.splice(0, BATCH);
      await this.sink(batch);
    }
  }
}
