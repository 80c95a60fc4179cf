-- CreateIndex
CREATE INDEX "Association_status_id_idx" ON "Association"("status", "id");

-- CreateIndex
CREATE INDEX "Association_associationType_id_idx" ON "Association"("associationType", "id");

-- CreateIndex
CREATE INDEX "Association_locationId_id_idx" ON "Association"("locationId", "id");

-- Hand-written, SQLite only (Prisma's schema cannot express them): sorting a nullable
-- column "nulls last" is ORDER BY (col IS NULL), col, id on SQLite, which only an
-- index on that expression can serve without sorting every row.
CREATE INDEX "Association_deletedAt_nullsLast_id_idx" ON "Association"((CASE WHEN "deletedAt" IS NULL THEN 1 ELSE 0 END), "deletedAt", "id");
CREATE INDEX "Association_firstToSecondCardinality_nullsLast_id_idx" ON "Association"((CASE WHEN "firstObjectToSecondObjectCardinality" IS NULL THEN 1 ELSE 0 END), "firstObjectToSecondObjectCardinality", "id");
CREATE INDEX "Association_secondToFirstCardinality_nullsLast_id_idx" ON "Association"((CASE WHEN "secondObjectToFirstObjectCardinality" IS NULL THEN 1 ELSE 0 END), "secondObjectToFirstObjectCardinality", "id");
