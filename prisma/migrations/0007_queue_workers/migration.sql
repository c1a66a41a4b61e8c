-- Queue workers (issue 16): each worker process beats a liveness row (/api/health lists
-- them); on PostgreSQL the pg-boss job a worker holds is leased to it with a beat of its own,
-- so a sweeper retries at once the job of a worker that died (kill -9) instead of waiting for
-- pg-boss's expiry (which must allow a whole ingest).
-- CreateTable
CREATE TABLE "QueueWorker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "beatAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME
);

-- CreateTable
CREATE TABLE "JobLease" (
    "jobId" TEXT NOT NULL PRIMARY KEY,
    "queue" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "bundleId" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "beatAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "JobLease_workerId_idx" ON "JobLease"("workerId");

