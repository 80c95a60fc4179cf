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
