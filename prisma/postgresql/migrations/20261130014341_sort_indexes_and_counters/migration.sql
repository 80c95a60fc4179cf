-- DropIndex
DROP INDEX "Event_receivedAt_idx";

-- DropIndex
DROP INDEX "Association_firstObjectKey_idx";

-- DropIndex
DROP INDEX "Association_secondObjectKey_idx";

-- DropIndex
DROP INDEX "Association_key_idx";

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Event_receivedAt_type_idx" ON "Event"("receivedAt", "type");

-- CreateIndex
CREATE INDEX "Association_key_id_idx" ON "Association"("key", "id");

-- CreateIndex
CREATE INDEX "Association_firstSeenAt_id_idx" ON "Association"("firstSeenAt", "id");

-- CreateIndex
CREATE INDEX "Association_firstObjectKey_id_idx" ON "Association"("firstObjectKey", "id");

-- CreateIndex
CREATE INDEX "Association_firstObjectLabel_id_idx" ON "Association"("firstObjectLabel", "id");

-- CreateIndex
CREATE INDEX "Association_secondObjectKey_id_idx" ON "Association"("secondObjectKey", "id");

-- CreateIndex
CREATE INDEX "Association_secondObjectLabel_id_idx" ON "Association"("secondObjectLabel", "id");

-- CreateIndex
CREATE INDEX "Association_firstObjectToSecondObjectCardinality_id_idx" ON "Association"("firstObjectToSecondObjectCardinality", "id");

-- CreateIndex
CREATE INDEX "Association_secondObjectToFirstObjectCardinality_id_idx" ON "Association"("secondObjectToFirstObjectCardinality", "id");

-- CreateIndex
CREATE INDEX "Association_eventCount_id_idx" ON "Association"("eventCount", "id");

-- CreateIndex
CREATE INDEX "Association_deletedAt_id_idx" ON "Association"("deletedAt", "id");

-- Backfill (hand-written): the duplicates total so far, kept up to date by the ingest from now on.
INSERT INTO "Counter" ("name", "value") SELECT 'duplicates', COALESCE(SUM("duplicateCount"), 0) FROM "Event";
