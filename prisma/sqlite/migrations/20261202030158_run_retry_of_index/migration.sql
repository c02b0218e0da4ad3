-- CreateIndex
CREATE INDEX "Run_retryOfId_idx" ON "Run"("retryOfId");

