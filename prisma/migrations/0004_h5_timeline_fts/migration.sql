-- Timeline text search through an index (issue 19): a scan of "text" LIKE '%q%' took ~1.9 s
-- at 1M events, per keystroke. An FTS5 table with the trigram tokenizer answers the same
-- substring question (case-insensitive, any 3+ characters) from an index. It is an
-- external-content table: it stores only the index, the text stays in "TimelineEvent", and
-- the triggers keep both in step (a bundle's cascade delete fires the delete trigger too).
-- Prisma cannot model a virtual table: lib/queries/timeline-text-match.ts is its only reader.
CREATE VIRTUAL TABLE "TimelineEventFts" USING fts5("text", content='TimelineEvent', content_rowid='id', tokenize='trigram');

-- Index the events already stored.
INSERT INTO "TimelineEventFts"("TimelineEventFts") VALUES ('rebuild');

-- Each trigger on one line: the pg-schema-sync test splits migrations on ";" + newline.
CREATE TRIGGER "TimelineEvent_fts_insert" AFTER INSERT ON "TimelineEvent" BEGIN INSERT INTO "TimelineEventFts"(rowid, "text") VALUES (new."id", new."text"); END;
CREATE TRIGGER "TimelineEvent_fts_delete" AFTER DELETE ON "TimelineEvent" BEGIN INSERT INTO "TimelineEventFts"("TimelineEventFts", rowid, "text") VALUES ('delete', old."id", old."text"); END;
CREATE TRIGGER "TimelineEvent_fts_update" AFTER UPDATE OF "text" ON "TimelineEvent" BEGIN INSERT INTO "TimelineEventFts"("TimelineEventFts", rowid, "text") VALUES ('delete', old."id", old."text"); INSERT INTO "TimelineEventFts"(rowid, "text") VALUES (new."id", new."text"); END;
