-- CreateTable
CREATE TABLE "EventDay" (
    "day" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "EventDay_pkey" PRIMARY KEY ("day","type")
);

-- Backfill (hand-written): the deliveries stored so far ("receivedAt" holds UTC).
INSERT INTO "EventDay" ("day", "type", "count")
SELECT to_char("receivedAt", 'YYYY-MM-DD'), COALESCE("type", 'unclassified'), COUNT(*) FROM "Event" GROUP BY 1, 2;
