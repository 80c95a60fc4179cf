-- CreateIndex
CREATE INDEX "Association_status_id_idx" ON "Association"("status", "id");

-- CreateIndex
CREATE INDEX "Association_associationType_id_idx" ON "Association"("associationType", "id");

-- CreateIndex
CREATE INDEX "Association_locationId_id_idx" ON "Association"("locationId", "id");
