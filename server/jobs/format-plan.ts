import type { JobPlan } from './apply-jobs';

// The plan as people read it, like terraform's:
//   + create nightly-backup
//   ~ update health-check: schedule "*/5 * * * *" → "*/10 * * * *", max_retries 0 → 2
//   - delete old-report
//   & adopt report (an existing task made in the UI, now managed by its file)
//   = 12 unchanged

const shown = (value: unknown) =>
  value === null ? 'none' : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);

export function formatPlan(plan: JobPlan): string {
  const lines = [
    ...plan.create.map((key) => `+ create ${key}`),
    ...plan.adopt.map(({ key, from }) => `& adopt ${key} (made in ${from}; now managed by its file)`),
    ...plan.update.map(
      ({ key, changes }) =>
        `~ update ${key}: ${Object.entries(changes)
          .map(([field, [from, to]]) => `${field} ${shown(from)} → ${shown(to)}`)
          .join(', ')}`,
    ),
    ...plan.delete.map((key) => `- delete ${key}`),
    `= ${plan.unchanged} unchanged`,
  ];
  return lines.join('\n');
}

export function planChangeCount(plan: JobPlan): number {
  return plan.create.length + plan.update.length + plan.delete.length;
}
