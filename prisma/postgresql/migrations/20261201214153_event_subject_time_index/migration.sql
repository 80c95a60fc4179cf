-- CreateIndex
CREATE INDEX "Event_subjectId_occurredAt_id_idx" ON "Event"("subjectId", "occurredAt", "id");
