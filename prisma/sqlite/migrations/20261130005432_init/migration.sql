-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "webhookId" TEXT,
    "type" TEXT,
    "kind" TEXT NOT NULL,
    "locationId" TEXT,
    "subjectId" TEXT,
    "associationId" TEXT,
    "eventTimestamp" DATETIME,
    "occurredAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "duplicateCount" INTEGER NOT NULL DEFAULT 0,
    "verification" TEXT NOT NULL,
    "signedForm" TEXT,
    "route" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "rawBody" BLOB NOT NULL,
    "bodySize" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Association" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "associationType" TEXT NOT NULL,
    "firstObjectKey" TEXT NOT NULL,
    "firstObjectLabel" TEXT NOT NULL,
    "secondObjectKey" TEXT NOT NULL,
    "secondObjectLabel" TEXT NOT NULL,
    "firstObjectToSecondObjectCardinality" TEXT,
    "secondObjectToFirstObjectCardinality" TEXT,
    "locationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastEventAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "stateAt" DATETIME NOT NULL,
    "stateRank" INTEGER NOT NULL,
    "stateEventId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Relation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "associationId" TEXT NOT NULL,
    "firstObjectKey" TEXT NOT NULL,
    "firstRecordId" TEXT NOT NULL,
    "secondObjectKey" TEXT NOT NULL,
    "secondRecordId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastEventAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "stateAt" DATETIME NOT NULL,
    "stateRank" INTEGER NOT NULL,
    "stateEventId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Location" (
    "locationId" TEXT NOT NULL PRIMARY KEY,
    "associations" INTEGER NOT NULL DEFAULT 0,
    "relations" INTEGER NOT NULL DEFAULT 0,
    "events" INTEGER NOT NULL DEFAULT 0,
    "lastEventAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RejectedRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "receivedAt" DATETIME NOT NULL,
    "status" INTEGER NOT NULL,
    "cause" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "bodyPrefix" BLOB NOT NULL,
    "bodySize" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Event_dedupeKey_key" ON "Event"("dedupeKey");

-- CreateIndex
CREATE INDEX "Event_locationId_id_idx" ON "Event"("locationId", "id");

-- CreateIndex
CREATE INDEX "Event_type_id_idx" ON "Event"("type", "id");

-- CreateIndex
CREATE INDEX "Event_subjectId_id_idx" ON "Event"("subjectId", "id");

-- CreateIndex
CREATE INDEX "Event_associationId_id_idx" ON "Event"("associationId", "id");

-- CreateIndex
CREATE INDEX "Event_verification_id_idx" ON "Event"("verification", "id");

-- CreateIndex
CREATE INDEX "Event_receivedAt_idx" ON "Event"("receivedAt");

-- CreateIndex
CREATE INDEX "Association_locationId_lastEventAt_id_idx" ON "Association"("locationId", "lastEventAt", "id");

-- CreateIndex
CREATE INDEX "Association_lastEventAt_id_idx" ON "Association"("lastEventAt", "id");

-- CreateIndex
CREATE INDEX "Association_status_lastEventAt_id_idx" ON "Association"("status", "lastEventAt", "id");

-- CreateIndex
CREATE INDEX "Association_associationType_lastEventAt_id_idx" ON "Association"("associationType", "lastEventAt", "id");

-- CreateIndex
CREATE INDEX "Association_firstObjectKey_idx" ON "Association"("firstObjectKey");

-- CreateIndex
CREATE INDEX "Association_secondObjectKey_idx" ON "Association"("secondObjectKey");

-- CreateIndex
CREATE INDEX "Association_key_idx" ON "Association"("key");

-- CreateIndex
CREATE INDEX "Relation_associationId_lastEventAt_id_idx" ON "Relation"("associationId", "lastEventAt", "id");

-- CreateIndex
CREATE INDEX "Relation_locationId_lastEventAt_id_idx" ON "Relation"("locationId", "lastEventAt", "id");

-- CreateIndex
CREATE INDEX "Relation_firstRecordId_idx" ON "Relation"("firstRecordId");

-- CreateIndex
CREATE INDEX "Relation_secondRecordId_idx" ON "Relation"("secondRecordId");

-- CreateIndex
CREATE INDEX "Relation_lastEventAt_id_idx" ON "Relation"("lastEventAt", "id");

-- CreateIndex
CREATE INDEX "Location_lastEventAt_locationId_idx" ON "Location"("lastEventAt", "locationId");

-- CreateIndex
CREATE INDEX "RejectedRequest_cause_id_idx" ON "RejectedRequest"("cause", "id");

-- CreateIndex
CREATE INDEX "RejectedRequest_receivedAt_idx" ON "RejectedRequest"("receivedAt");
