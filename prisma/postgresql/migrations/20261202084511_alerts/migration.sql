-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "alertRuleId" TEXT,
ADD COLUMN     "channel" TEXT NOT NULL DEFAULT 'webhook',
ADD COLUMN     "target" TEXT,
ALTER COLUMN "endpointId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "taskId" INTEGER,
    "label" TEXT,
    "kind" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL DEFAULT 1,
    "limitSeconds" INTEGER,
    "p95Factor" DOUBLE PRECISION,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "remindMinutes" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertIncident" (
    "id" SERIAL NOT NULL,
    "ruleId" TEXT NOT NULL,
    "taskId" INTEGER NOT NULL,
    "taskKey" TEXT NOT NULL,
    "runId" INTEGER,
    "openKey" TEXT,
    "reason" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "lastNotifiedAt" TIMESTAMP(3),

    CONSTRAINT "AlertIncident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertRule_kind_enabled_idx" ON "AlertRule"("kind", "enabled");

-- CreateIndex
CREATE UNIQUE INDEX "AlertIncident_openKey_key" ON "AlertIncident"("openKey");

-- CreateIndex
CREATE INDEX "AlertIncident_taskId_resolvedAt_idx" ON "AlertIncident"("taskId", "resolvedAt");

-- CreateIndex
CREATE INDEX "AlertIncident_resolvedAt_openedAt_idx" ON "AlertIncident"("resolvedAt", "openedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_alertRuleId_eventId_key" ON "WebhookDelivery"("alertRuleId", "eventId");

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_alertRuleId_fkey" FOREIGN KEY ("alertRuleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertIncident" ADD CONSTRAINT "AlertIncident_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

