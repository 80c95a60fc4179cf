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
