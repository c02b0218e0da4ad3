// Shared Playwright fixtures for every spec: `test` fails on any console error
// or uncaught page error, and `expectAccessible(page)` runs axe-core (injected
// from node_modules, no network) and fails on any violation.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console error on ${page.url()}: ${msg.text()} (${msg.location().url || 'no source'})`);
      });
      page.on('pageerror', (error) => errors.push(`page error on ${page.url()}: ${error.message}`));
      await use(errors);
      expect(errors, 'no console errors or uncaught page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2 A/AA rules) on the page as it is now; fails listing every violation and where. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  const readable = (violations as AxeViolation[]).map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(readable, `axe violations on ${label}`).toEqual([]);
}
