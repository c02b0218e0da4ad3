import type { WriteTx } from '../db/write-transaction';

/**
 * Whether the alert evaluator has anything to judge: an enabled rule, or an
 * open incident that a success may resolve. Asked before each events pass by
 * every worker and web process, so it is one round trip that stops at the
 * first row (UNION ALL … LIMIT 1: the rules table is small, and the open
 * incidents are found through openKey's unique index), not two counts.
 */
export async function alertsActive(db: Pick<WriteTx, '$queryRaw'>): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 AS "active" FROM "AlertRule" WHERE "enabled" = true
    UNION ALL
    SELECT 1 FROM "AlertIncident" WHERE "openKey" IS NOT NULL
    LIMIT 1`;
  return rows.length > 0;
}
