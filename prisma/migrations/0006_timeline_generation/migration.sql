-- Timeline rows carry the ingest run that wrote them (issue 16): a retry or a crashed run's
-- partial rows are told apart from the shown ones by generation instead of being deleted in
-- one long transaction at the next run's start, and reads take only the bundle's
-- "timelineGeneration" (set once a run's timeline and text index are in). Rows written
-- before this column existed were the current run's (each run deleted the previous one's
-- rows first), so they all get 0 and every bundle's timelineGeneration starts at 0.
-- The indexes lead with (bundleId, generation) so the filter costs nothing and the
-- histogram's (bundleId, generation, source, ts) count stays index-only.
-- Each statement on one line: the pg-schema-sync test splits migrations on ";" + newline.

-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN "generation" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Bundle" ADD COLUMN "timelineGeneration" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Bundle" ADD COLUMN "timelineState" TEXT NOT NULL DEFAULT 'ready';
ALTER TABLE "Bundle" ADD COLUMN "timelineProgress" REAL NOT NULL DEFAULT 0;

-- DropIndex
DROP INDEX "TimelineEvent_bundleId_ts_idx";
DROP INDEX "TimelineEvent_bundleId_source_ts_idx";

-- CreateIndex
CREATE INDEX "TimelineEvent_bundleId_generation_ts_idx" ON "TimelineEvent"("bundleId", "generation", "ts");
CREATE INDEX "TimelineEvent_bundleId_generation_source_ts_idx" ON "TimelineEvent"("bundleId", "generation", "source", "ts");
