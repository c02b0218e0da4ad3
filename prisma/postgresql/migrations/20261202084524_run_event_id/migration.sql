-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "eventId" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "Run_taskId_eventId_key" ON "Run"("taskId", "eventId");

