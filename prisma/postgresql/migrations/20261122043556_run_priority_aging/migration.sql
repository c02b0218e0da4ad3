-- DropIndex
DROP INDEX "Run_status_availableAt_priority_idx";

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "basePriority" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE INDEX "Run_status_priority_availableAt_id_idx" ON "Run"("status", "priority" DESC, "availableAt", "id");

-- CreateIndex
CREATE INDEX "Run_status_availableAt_idx" ON "Run"("status", "availableAt");


-- Existing runs: their priority so far is their base priority.
UPDATE "Run" SET "basePriority" = "priority";
