-- AlterTable
ALTER TABLE "Location" ADD COLUMN     "appVersion" TEXT,
ADD COLUMN     "companyId" TEXT,
ADD COLUMN     "companyName" TEXT,
ADD COLUMN     "installAt" TIMESTAMP(3),
ADD COLUMN     "installEventId" INTEGER,
ADD COLUMN     "installState" TEXT,
ADD COLUMN     "installedAt" TIMESTAMP(3),
ADD COLUMN     "lastReceivedAt" TIMESTAMP(3),
ADD COLUMN     "uninstalledAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "LocationHour" (
    "locationId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LocationHour_pkey" PRIMARY KEY ("locationId","hour")
);

-- CreateTable
CREATE TABLE "LocationProfile" (
    "locationId" TEXT NOT NULL,
    "name" TEXT,
    "apiName" TEXT,
    "apiNameAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LocationProfile_pkey" PRIMARY KEY ("locationId")
);

-- CreateTable
CREATE TABLE "ReconcileRun" (
    "id" SERIAL NOT NULL,
    "locationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "owner" TEXT NOT NULL,
    "progress" TEXT NOT NULL,
    "error" TEXT,
    "unparsed" TEXT,

    CONSTRAINT "ReconcileRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconcileFinding" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "locationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "associationId" TEXT,
    "relationId" TEXT,
    "fields" TEXT,
    "ours" TEXT,
    "theirs" TEXT,
    "lastHeardAt" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "appliedEventId" INTEGER,

    CONSTRAINT "ReconcileFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconcileLock" (
    "locationId" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReconcileLock_pkey" PRIMARY KEY ("locationId")
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
-- rest it applies itself after the upgrade). An install body that is not valid UTF-8
-- JSON (or holds \u0000, which jsonb refuses) is skipped rather than failing the
-- upgrade; the projector re-reads every install event of a location when the next one arrives.
CREATE FUNCTION pg_temp.am_try_jsonb(body bytea) RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  RETURN convert_from(body, 'UTF8')::jsonb;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

CREATE TEMP TABLE "_am_applied" ON COMMIT DROP AS
SELECT "id", "type", "locationId", "receivedAt", COALESCE("eventTimestamp", "receivedAt") AS "at",
       CASE WHEN "type" IN ('INSTALL', 'UNINSTALL') THEN pg_temp.am_try_jsonb("rawBody") END AS "body"
FROM "Event"
WHERE "id" <= (SELECT COALESCE(MAX("position"), 0) FROM "ProjectorState" WHERE "name" = 'main');

-- Every location an install event names: its locationId and each string of locationIds.
CREATE TEMP TABLE "_am_install" ON COMMIT DROP AS
SELECT DISTINCT n."locationId", a."id", a."type", a."at", a."receivedAt",
       CASE WHEN jsonb_typeof(a."body" -> 'companyId') = 'string' AND TRIM(a."body" ->> 'companyId') <> '' THEN a."body" ->> 'companyId' END AS "companyId",
       CASE WHEN jsonb_typeof(a."body" -> 'companyName') = 'string' AND TRIM(a."body" ->> 'companyName') <> '' THEN a."body" ->> 'companyName' END AS "companyName",
       CASE WHEN jsonb_typeof(a."body" -> 'versionId') = 'string' AND TRIM(a."body" ->> 'versionId') <> '' THEN a."body" ->> 'versionId' END AS "versionId"
FROM "_am_applied" a
JOIN (
  SELECT "id", "body" ->> 'locationId' AS "locationId" FROM "_am_applied"
  WHERE jsonb_typeof("body") = 'object' AND jsonb_typeof("body" -> 'locationId') = 'string'
  UNION
  SELECT a2."id", j.value #>> '{}' FROM "_am_applied" a2,
    jsonb_array_elements(CASE WHEN jsonb_typeof(a2."body" -> 'locationIds') = 'array' THEN a2."body" -> 'locationIds' END) j
  WHERE jsonb_typeof(j.value) = 'string'
) n ON n."id" = a."id"
WHERE TRIM(n."locationId") <> '';
CREATE INDEX ON "_am_install" ("locationId");

-- Deliveries naming a location: the event's own locationId, and each location of a bulk install.
CREATE TEMP TABLE "_am_named" ON COMMIT DROP AS
SELECT "locationId", "receivedAt" FROM "_am_applied" WHERE "locationId" IS NOT NULL
UNION ALL
SELECT i."locationId", i."receivedAt" FROM "_am_install" i JOIN "_am_applied" a ON a."id" = i."id"
WHERE a."locationId" IS NULL OR a."locationId" <> i."locationId";

-- Locations only named in a bulk install get a row (no events counted), as the projector does.
INSERT INTO "Location" ("locationId", "associations", "relations", "events", "lastEventAt")
SELECT "locationId", 0, 0, 0, MAX("at") FROM "_am_install" GROUP BY "locationId"
ON CONFLICT ("locationId") DO UPDATE SET "lastEventAt" = GREATEST("Location"."lastEventAt", excluded."lastEventAt");

UPDATE "Location" l SET "lastReceivedAt" = m."receivedAt"
FROM (SELECT "locationId", MAX("receivedAt") AS "receivedAt" FROM "_am_named" GROUP BY "locationId") m
WHERE m."locationId" = l."locationId";

INSERT INTO "LocationHour" ("locationId", "hour", "count")
SELECT "locationId", FLOOR(EXTRACT(EPOCH FROM "receivedAt") / 3600)::integer, COUNT(*) FROM "_am_named"
WHERE FLOOR(EXTRACT(EPOCH FROM "receivedAt") / 3600) >= FLOOR(EXTRACT(EPOCH FROM now()) / 3600) - 359
GROUP BY 1, 2;

-- Newest first by (time, id): the state from the newest event, each field from the newest carrying it.
UPDATE "Location" l SET
  "installState" = CASE s."type" WHEN 'INSTALL' THEN 'installed' ELSE 'uninstalled' END,
  "installAt" = s."at",
  "installEventId" = s."id",
  "installedAt" = (SELECT MAX(i."at") FROM "_am_install" i WHERE i."locationId" = l."locationId" AND i."type" = 'INSTALL'),
  "uninstalledAt" = (SELECT MAX(i."at") FROM "_am_install" i WHERE i."locationId" = l."locationId" AND i."type" = 'UNINSTALL'),
  "companyId" = (SELECT i."companyId" FROM "_am_install" i WHERE i."locationId" = l."locationId" AND i."companyId" IS NOT NULL ORDER BY i."at" DESC, i."id" DESC LIMIT 1),
  "companyName" = (SELECT i."companyName" FROM "_am_install" i WHERE i."locationId" = l."locationId" AND i."companyName" IS NOT NULL ORDER BY i."at" DESC, i."id" DESC LIMIT 1),
  "appVersion" = (SELECT i."versionId" FROM "_am_install" i WHERE i."locationId" = l."locationId" AND i."versionId" IS NOT NULL ORDER BY i."at" DESC, i."id" DESC LIMIT 1)
FROM (SELECT DISTINCT ON ("locationId") "locationId", "type", "at", "id" FROM "_am_install" ORDER BY "locationId", "at" DESC, "id" DESC) s
WHERE s."locationId" = l."locationId";

DROP FUNCTION pg_temp.am_try_jsonb(bytea);
