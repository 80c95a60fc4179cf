-- Body search (hand-written: not in the Prisma schema). A DERIVED index like the
-- projection: the projector adds each event's body text in its transaction
-- (lib/queries/event-search.ts) and `npm run reproject` empties it. Queried with
-- ILIKE '%term%', which the trigram GIN index serves for terms of 3+ characters.
-- pg_trgm is a trusted contrib extension (Debian's postgresql package ships it), so
-- the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE "EventSearch" (
    "eventId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "EventSearch_pkey" PRIMARY KEY ("eventId"),
    -- Retention (and any other delete of events) takes the event's index entry with it.
    CONSTRAINT "EventSearch_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE
);

-- Backfill what the projector has already applied; it indexes every later event itself.
-- Stored bodies passed a strict UTF-8 check at ingest, so convert_from cannot fail.
INSERT INTO "EventSearch" ("eventId", "body")
SELECT "id", convert_from("rawBody", 'UTF8') FROM "Event"
WHERE "id" <= COALESCE((SELECT "position" FROM "ProjectorState" WHERE "name" = 'main'), 0);

-- Built after the backfill: one index build is faster than a million index inserts.
CREATE INDEX "EventSearch_body_trgm_idx" ON "EventSearch" USING GIN ("body" gin_trgm_ops);
