-- CreateTable
CREATE TABLE "Bundle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "stage" TEXT,
    "progress" REAL NOT NULL DEFAULT 0,
    "error" TEXT,
    "host" TEXT,
    "kernel" TEXT,
    "collectedAt" DATETIME,
    "uploadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readyAt" DATETIME,
    "severityCounts" TEXT,
    "summaryJson" TEXT,
    "generation" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Artifact" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bundleId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "kind" TEXT,
    "sizeBytes" BIGINT NOT NULL,
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "records" INTEGER NOT NULL DEFAULT 0,
    "warnings" TEXT,
    "error" TEXT,
    "netns" BIGINT,
    "storageKey" TEXT,
    CONSTRAINT "Artifact_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bundleId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "severityRank" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "remediation" TEXT NOT NULL,
    "references" TEXT NOT NULL,
    "entities" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "ts" DATETIME,
    CONSTRAINT "Finding_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bundleId" TEXT NOT NULL,
    "ts" DATETIME NOT NULL,
    "tsMicros" INTEGER NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL,
    "severity" TEXT,
    "label" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "artifact" TEXT,
    "line" INTEGER,
    CONSTRAINT "TimelineEvent_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "runAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedAt" DATETIME,
    "lockedBy" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ShareLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bundleId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "findingKeys" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    CONSTRAINT "ShareLink_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Bundle_sha256_key" ON "Bundle"("sha256");

-- CreateIndex
CREATE INDEX "Bundle_uploadedAt_idx" ON "Bundle"("uploadedAt");

-- CreateIndex
CREATE INDEX "Bundle_status_idx" ON "Bundle"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Artifact_bundleId_path_key" ON "Artifact"("bundleId", "path");

-- CreateIndex
CREATE INDEX "Finding_bundleId_severityRank_idx" ON "Finding"("bundleId", "severityRank");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_bundleId_key_key" ON "Finding"("bundleId", "key");

-- CreateIndex
CREATE INDEX "TimelineEvent_bundleId_ts_idx" ON "TimelineEvent"("bundleId", "ts");

-- CreateIndex
CREATE INDEX "TimelineEvent_bundleId_source_ts_idx" ON "TimelineEvent"("bundleId", "source", "ts");

-- CreateIndex
CREATE INDEX "Job_status_runAfter_idx" ON "Job"("status", "runAfter");

-- CreateIndex
CREATE UNIQUE INDEX "ShareLink_tokenHash_key" ON "ShareLink"("tokenHash");

