-- CreateTable
CREATE TABLE "ProjectorState" (
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "owner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectorState_pkey" PRIMARY KEY ("name")
);

-- Backfill (hand-written): before this migration every stored event was projected in
-- its own ingest transaction, so the projector starts after the last one.
INSERT INTO "ProjectorState" ("name", "position", "updatedAt")
SELECT 'main', COALESCE(MAX("id"), 0), CURRENT_TIMESTAMP FROM "Event";
