-- CreateIndex
CREATE INDEX "Event_runId_id_idx" ON "Event"("runId", "id");

