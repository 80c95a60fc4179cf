-- AlterTable
ALTER TABLE "Location" ADD COLUMN "appVersion" TEXT;
ALTER TABLE "Location" ADD COLUMN "companyId" TEXT;
ALTER TABLE "Location" ADD COLUMN "companyName" TEXT;
ALTER TABLE "Location" ADD COLUMN "installAt" DATETIME;
ALTER TABLE "Location" ADD COLUMN "installEventId" INTEGER;
ALTER TABLE "Location" ADD COLUMN "installState" TEXT;
ALTER TABLE "Location" ADD COLUMN "installedAt" DATETIME;
ALTER TABLE "Location" ADD COLUMN "lastReceivedAt" DATETIME;
ALTER TABLE "Location" ADD COLUMN "uninstalledAt" DATETIME;

-- CreateTable
CREATE TABLE "LocationHour" (
    "locationId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("locationId", "hour")
);

-- CreateTable
CREATE TABLE "LocationProfile" (
    "locationId" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "apiName" TEXT,
    "apiNameAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReconcileRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "locationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "heartbeatAt" DATETIME NOT NULL,
    "owner" TEXT NOT NULL,
    "progress" TEXT NOT NULL,
    "error" TEXT,
    "unparsed" TEXT
);

-- CreateTable
CREATE TABLE "ReconcileFinding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "locationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "associationId" TEXT,
    "relationId" TEXT,
    "fields" TEXT,
    "ours" TEXT,
    "theirs" TEXT,
    "lastHeardAt" DATETIME,
    "appliedAt" DATETIME,
    "appliedEventId" INTEGER
);

-- CreateTable
CREATE TABLE "ReconcileLock" (
    "locationId" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "until" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LocationHour_hour_idx" ON "LocationHour"("hour");

-- CreateIndex
CREATE INDEX "LocationProfile_name_idx" ON "LocationProfile"("name");

-- CreateIndex
CREATE INDEX "LocationProfile_apiName_idx" ON "LocationProfile"("apiName");

-- CreateIndex
CREATE INDEX "ReconcileRun_locationId_id_idx" ON "ReconcileRun"("locationId", "id");

-- CreateIndex
CREATE INDEX "ReconcileRun_status_id_idx" ON "ReconcileRun"("status", "id");

-- CreateIndex
CREATE INDEX "ReconcileFinding_runId_id_idx" ON "ReconcileFinding"("runId", "id");

-- CreateIndex
CREATE INDEX "ReconcileFinding_locationId_appliedAt_idx" ON "ReconcileFinding"("locationId", "appliedAt");

-- Backfill (hand-written): what the projector (lib/queries/location-lifecycle.ts) would
-- have written had these columns existed, from the events it has already applied (the
-- rest it applies itself after the upgrade). Install bodies are read only when valid
-- JSON; the projector re-reads every install event of a location when the next one arrives.
CREATE TEMP TABLE "_am_applied" AS
SELECT "id", "type", "locationId", "receivedAt", COALESCE("eventTimestamp", "receivedAt") AS "at",
       CASE WHEN "type" IN ('INSTALL', 'UNINSTALL') AND json_valid(CAST("rawBody" AS TEXT)) THEN CAST("rawBody" AS TEXT) END AS "body"
FROM "Event"
WHERE "id" <= (SELECT COALESCE(MAX("position"), 0) FROM "ProjectorState" WHERE "name" = 'main');

-- Every location an install event names: its locationId and each string of locationIds.
CREATE TEMP TABLE "_am_install" AS
SELECT DISTINCT n."locationId", a."id", a."type", a."at", a."receivedAt",
       CASE WHEN json_type(a."body", '$.companyId') = 'text' AND TRIM(json_extract(a."body", '$.companyId')) <> '' THEN json_extract(a."body", '$.companyId') END AS "companyId",
       CASE WHEN json_type(a."body", '$.companyName') = 'text' AND TRIM(json_extract(a."body", '$.companyName')) <> '' THEN json_extract(a."body", '$.companyName') END AS "companyName",
       CASE WHEN json_type(a."body", '$.versionId') = 'text' AND TRIM(json_extract(a."body", '$.versionId')) <> '' THEN json_extract(a."body", '$.versionId') END AS "versionId"
FROM "_am_applied" a
JOIN (
  SELECT "id", json_extract("body", '$.locationId') AS "locationId" FROM "_am_applied"
  WHERE "body" IS NOT NULL AND json_type("body", '$.locationId') = 'text'
  UNION
  SELECT a2."id", j."value" FROM "_am_applied" a2, json_each(a2."body", '$.locationIds') j
  WHERE a2."body" IS NOT NULL AND json_type(a2."body", '$.locationIds') = 'array' AND j."type" = 'text'
) n ON n."id" = a."id"
WHERE TRIM(n."locationId") <> '';
CREATE INDEX "_am_install_locationId" ON "_am_install" ("locationId");

-- Deliveries naming a location: the event's own locationId, and each location of a bulk install.
CREATE TEMP TABLE "_am_named" AS
SELECT "locationId", "receivedAt" FROM "_am_applied" WHERE "locationId" IS NOT NULL
UNION ALL
SELECT i."locationId", i."receivedAt" FROM "_am_install" i JOIN "_am_applied" a ON a."id" = i."id"
WHERE a."locationId" IS NULL OR a."locationId" <> i."locationId";

-- Locations only named in a bulk install get a row (no events counted), as the projector does.
INSERT INTO "Location" ("locationId", "associations", "relations", "events", "lastEventAt")
SELECT "locationId", 0, 0, 0, MAX("at") FROM "_am_install" WHERE true GROUP BY "locationId"
ON CONFLICT ("locationId") DO UPDATE SET "lastEventAt" = MAX("lastEventAt", excluded."lastEventAt");

CREATE TEMP TABLE "_am_last" AS SELECT "locationId", MAX("receivedAt") AS "receivedAt" FROM "_am_named" GROUP BY "locationId";
CREATE UNIQUE INDEX "_am_last_locationId" ON "_am_last" ("locationId");
UPDATE "Location" SET "lastReceivedAt" = (SELECT l."receivedAt" FROM "_am_last" l WHERE l."locationId" = "Location"."locationId")
WHERE "locationId" IN (SELECT "locationId" FROM "_am_last");

INSERT INTO "LocationHour" ("locationId", "hour", "count")
SELECT "locationId", CAST(strftime('%s', "receivedAt") AS INTEGER) / 3600, COUNT(*) FROM "_am_named"
WHERE CAST(strftime('%s', "receivedAt") AS INTEGER) / 3600 >= CAST(strftime('%s', 'now') AS INTEGER) / 3600 - 359
GROUP BY 1, 2;

-- Newest first by (time, id): the state from the newest event, each field from the newest carrying it.
UPDATE "Location" SET
  "installState" = (SELECT CASE i."type" WHEN 'INSTALL' THEN 'installed' ELSE 'uninstalled' END FROM "_am_install" i WHERE i."locationId" = "Location"."locationId" ORDER BY i."at" DESC, i."id" DESC LIMIT 1),
  "installAt" = (SELECT i."at" FROM "_am_install" i WHERE i."locationId" = "Location"."locationId" ORDER BY i."at" DESC, i."id" DESC LIMIT 1),
  "installEventId" = (SELECT i."id" FROM "_am_install" i WHERE i."locationId" = "Location"."locationId" ORDER BY i."at" DESC, i."id" DESC LIMIT 1),
  "installedAt" = (SELECT MAX(i."at") FROM "_am_install" i WHERE i."locationId" = "Location"."locationId" AND i."type" = 'INSTALL'),
  "uninstalledAt" = (SELECT MAX(i."at") FROM "_am_install" i WHERE i."locationId" = "Location"."locationId" AND i."type" = 'UNINSTALL'),
  "companyId" = (SELECT i."companyId" FROM "_am_install" i WHERE i."locationId" = "Location"."locationId" AND i."companyId" IS NOT NULL ORDER BY i."at" DESC, i."id" DESC LIMIT 1),
  "companyName" = (SELECT i."companyName" FROM "_am_install" i WHERE i."locationId" = "Location"."locationId" AND i."companyName" IS NOT NULL ORDER BY i."at" DESC, i."id" DESC LIMIT 1),
  "appVersion" = (SELECT i."versionId" FROM "_am_install" i WHERE i."locationId" = "Location"."locationId" AND i."versionId" IS NOT NULL ORDER BY i."at" DESC, i."id" DESC LIMIT 1)
WHERE "locationId" IN (SELECT "locationId" FROM "_am_install");

DROP TABLE "_am_last";
DROP TABLE "_am_named";
DROP TABLE "_am_install";
DROP TABLE "_am_applied";
