-- CreateTable
CREATE TABLE "EventDay" (
    "day" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "type")
);

-- Backfill (hand-written): the deliveries stored so far.
INSERT INTO "EventDay" ("day", "type", "count")
SELECT substr("receivedAt", 1, 10), COALESCE("type", 'unclassified'), COUNT(*) FROM "Event" GROUP BY 1, 2;
