-- CreateIndex
CREATE INDEX "Run_taskId_id_idx" ON "Run"("taskId", "id");

-- CreateIndex
CREATE INDEX "Run_taskId_status_durationMs_idx" ON "Run"("taskId", "status", "durationMs");

-- CreateIndex
CREATE INDEX "Run_status_trigger_idx" ON "Run"("status", "trigger");

-- CreateIndex
CREATE INDEX "Run_status_id_idx" ON "Run"("status", "id");

