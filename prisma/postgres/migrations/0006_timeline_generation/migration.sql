-- The PostgreSQL side of prisma/migrations/0006_timeline_generation (see there why).

-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN "generation" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Bundle" ADD COLUMN "timelineGeneration" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Bundle" ADD COLUMN "timelineState" TEXT NOT NULL DEFAULT 'ready';
ALTER TABLE "Bundle" ADD COLUMN "timelineProgress" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- DropIndex
DROP INDEX "TimelineEvent_bundleId_ts_idx";
DROP INDEX "TimelineEvent_bundleId_source_ts_idx";

-- CreateIndex
CREATE INDEX "TimelineEvent_bundleId_generation_ts_idx" ON "TimelineEvent"("bundleId", "generation", "ts");
CREATE INDEX "TimelineEvent_bundleId_generation_source_ts_idx" ON "TimelineEvent"("bundleId", "generation", "source", "ts");
