-- Retention and disk use per case (issue 15): per-case retention override, measured bytes per bundle.
-- AlterTable
ALTER TABLE "Bundle" ADD COLUMN "storedBytes" BIGINT,
ADD COLUMN "storedBytesAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "retentionDays" INTEGER;

-- The artifact tree walks paths in byte order (lib/queries/list-artifact-folder.ts compares
-- with COLLATE "C" so a folder's files stay contiguous whatever the database's locale);
-- this index serves those comparisons. Prisma's schema cannot declare a column collation.
CREATE INDEX "Artifact_bundleId_path_c_idx" ON "Artifact"("bundleId", "path" COLLATE "C");
