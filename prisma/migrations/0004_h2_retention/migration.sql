-- Retention and disk use per case (issue 15): per-case retention override, measured bytes per bundle.
-- AlterTable
ALTER TABLE "Bundle" ADD COLUMN "storedBytes" BIGINT;
ALTER TABLE "Bundle" ADD COLUMN "storedBytesAt" DATETIME;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "retentionDays" INTEGER;
