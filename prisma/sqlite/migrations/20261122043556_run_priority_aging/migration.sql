-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "basePriority" INTEGER NOT NULL DEFAULT 1,
    "priority" INTEGER NOT NULL DEFAULT 1,
    "scheduledFor" DATETIME,
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retryOfId" INTEGER,
    "requestedBy" TEXT,
    "workerId" TEXT,
    "claimToken" TEXT,
    "claimedAt" DATETIME,
    "leaseExpiresAt" DATETIME,
    "cancelRequestedAt" DATETIME,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    "exitCode" INTEGER,
    "signal" TEXT,
    "error" TEXT,
    "result" JSONB,
    "logBytes" INTEGER NOT NULL DEFAULT 0,
    "logTruncated" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Run_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("attempt", "availableAt", "cancelRequestedAt", "claimToken", "claimedAt", "createdAt", "durationMs", "error", "exitCode", "finishedAt", "id", "leaseExpiresAt", "logBytes", "logTruncated", "priority", "requestedBy", "result", "retryOfId", "scheduledFor", "signal", "startedAt", "status", "taskId", "trigger", "workerId") SELECT "attempt", "availableAt", "cancelRequestedAt", "claimToken", "claimedAt", "createdAt", "durationMs", "error", "exitCode", "finishedAt", "id", "leaseExpiresAt", "logBytes", "logTruncated", "priority", "requestedBy", "result", "retryOfId", "scheduledFor", "signal", "startedAt", "status", "taskId", "trigger", "workerId" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_status_priority_availableAt_id_idx" ON "Run"("status", "priority" DESC, "availableAt", "id");
CREATE INDEX "Run_status_availableAt_idx" ON "Run"("status", "availableAt");
CREATE INDEX "Run_taskId_createdAt_idx" ON "Run"("taskId", "createdAt");
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt");
CREATE INDEX "Run_status_leaseExpiresAt_idx" ON "Run"("status", "leaseExpiresAt");
CREATE INDEX "Run_workerId_idx" ON "Run"("workerId");
CREATE UNIQUE INDEX "Run_taskId_scheduledFor_key" ON "Run"("taskId", "scheduledFor");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Existing runs: their priority so far is their base priority.
UPDATE "Run" SET "basePriority" = "priority";
