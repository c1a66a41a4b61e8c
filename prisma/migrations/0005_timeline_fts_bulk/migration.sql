-- The timeline text index is built once per ingest, not by a trigger per row. The insert
-- trigger of 0004 made every timeline row cost an FTS5 update inside the ingest's batches
-- (seeding 1M events: 63k events/s without the index, 20-26k with it); one
-- INSERT … SELECT of a bundle's rows when its timeline is written is several times cheaper
-- (lib/ingest/index-timeline-text.ts). The table becomes contentless with deletes allowed
-- (SQLite 3.43+): it keeps only the index, the text stays in "TimelineEvent", and a
-- DELETE by rowid needs no old values, so removing rows that were never indexed (a crashed
-- attempt's) is harmless, which an external-content table's 'delete' command is not.
-- Each statement on one line: the pg-schema-sync test splits migrations on ";" + newline.
DROP TRIGGER "TimelineEvent_fts_insert";
DROP TRIGGER "TimelineEvent_fts_delete";
DROP TRIGGER "TimelineEvent_fts_update";
DROP TABLE "TimelineEventFts";
CREATE VIRTUAL TABLE "TimelineEventFts" USING fts5("text", content='', contentless_delete=1, tokenize='trigram');
INSERT INTO "TimelineEventFts"(rowid, "text") SELECT "id", "text" FROM "TimelineEvent";
CREATE TRIGGER "TimelineEvent_fts_delete" AFTER DELETE ON "TimelineEvent" BEGIN DELETE FROM "TimelineEventFts" WHERE rowid = old."id"; END;
CREATE TRIGGER "TimelineEvent_fts_update" AFTER UPDATE OF "text" ON "TimelineEvent" BEGIN DELETE FROM "TimelineEventFts" WHERE rowid = old."id"; INSERT INTO "TimelineEventFts"(rowid, "text") VALUES (new."id", new."text"); END;
