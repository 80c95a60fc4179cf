-- Body search (hand-written: FTS5 tables are not in the Prisma schema). A DERIVED
-- index like the projection: the projector adds each event's body text in its
-- transaction (lib/queries/event-search.ts) and `npm run reproject` empties it.
-- trigram: any substring of 3 or more characters matches, case-insensitively.
-- Contentless (content=''): the text stays only in Event.rawBody, the table holds
-- just the index; contentless_delete lets rows go when their event does.
CREATE VIRTUAL TABLE "EventSearch" USING fts5("body", tokenize = 'trigram', content = '', contentless_delete = 1);

-- Retention (and any other delete of events) takes the event's index entry with it.
DROP TRIGGER IF EXISTS "EventSearch_event_deleted";
CREATE TRIGGER "EventSearch_event_deleted" AFTER DELETE ON "Event" BEGIN
  DELETE FROM "EventSearch" WHERE rowid = old."id";
END;

-- Backfill what the projector has already applied; it indexes every later event itself.
INSERT INTO "EventSearch" (rowid, "body")
SELECT "id", CAST("rawBody" AS TEXT) FROM "Event"
WHERE "id" <= COALESCE((SELECT "position" FROM "ProjectorState" WHERE "name" = 'main'), 0);
