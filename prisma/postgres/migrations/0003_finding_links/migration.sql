-- Cause chains and related findings (issue 14).
-- AlterTable
ALTER TABLE "Finding" ADD COLUMN "links" TEXT;
