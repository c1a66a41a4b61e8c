-- Nothing changes on PostgreSQL: 0005 moves the SQLite timeline index from a per-row trigger
-- to one build per ingest; PostgreSQL keeps its GIN trigram index, which it maintains itself.
SELECT 1;
