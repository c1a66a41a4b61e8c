-- Timeline text search through an index (issue 19), the PostgreSQL side of the SQLite FTS5
-- table: a pg_trgm GIN index answers "text" ILIKE '%q%' (the same substring question, any
-- 3+ characters) without a scan. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension since PostgreSQL 13: a database owner may create it without superuser.
-- Hand-written: Prisma's schema cannot say gin_trgm_ops for a schema shared with SQLite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "TimelineEvent_text_trgm_idx" ON "TimelineEvent" USING GIN ("text" gin_trgm_ops);
