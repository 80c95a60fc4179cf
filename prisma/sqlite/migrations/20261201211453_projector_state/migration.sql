-- CreateTable
CREATE TABLE "ProjectorState" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "position" INTEGER NOT NULL DEFAULT 0,
    "owner" TEXT,
    "leaseUntil" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- Backfill (hand-written): before this migration every stored event was projected in
-- its own ingest transaction, so the projector starts after the last one.
INSERT INTO "ProjectorState" ("name", "position", "updatedAt")
SELECT 'main', COALESCE(MAX("id"), 0), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') FROM "Event";
