// The app header on a phone and on a desktop: at 375 px the main navigation is
// behind a Menu button (aria-expanded, Escape closes and gives focus back, a
// link closes it), every link visible inside the screen once it is open; from
// 1024 px the links sit inline, there is no Menu button, and an admin's pages
// are one Admin menu (keyboard and mouse, the current page marked). No header
// item overlaps another for an admin, an operator or a viewer at 375, 1024,
// 1280 and 1440 px. Screenshots of the header (menu open at 375 px, the Admin
// menu open at 1280 px) in light and dark go to
// e2e/.artifacts/screenshots/header-<width>-<theme>.png.
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { newContextAs } from './auth-helpers';
import { expect, expectAccessible, test } from './fixtures';

const LINKS = ['Board', 'Runs', 'Upcoming', 'Workers', 'Activity', 'Users', 'Tokens'];
/** The links inline from 1024 px; an admin's pages are behind the Admin button after them. */
const INLINE_LINKS = ['Board', 'Runs', 'Upcoming', 'Workers', 'Activity', 'Alerts'];
const ADMIN_LINKS = ['Users', 'Tokens', 'Webhooks'];

async function hydrated(page: Page) {
  await expect(page.getByRole('button', { name: /^Switch to (dark|light) theme$/ })).toBeVisible();
}

test('at 375 px every nav link is reachable from the Menu button, by mouse and keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/');
  await hydrated(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const menu = nav.getByRole('button', { name: /^Menu/ });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Runs', exact: true })).toBeHidden();
  // The header itself fits: nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // Open with the mouse: every link visible and wholly on screen, focus on the first.
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  for (const name of LINKS) {
    const link = nav.getByRole('link', { name, exact: true });
    await expect(link).toBeVisible();
    const box = (await link.boundingBox())!;
    expect(box.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} ends on screen`).toBeLessThanOrEqual(375);
    expect(box.y + box.height, `${name} is above the fold`).toBeLessThanOrEqual(812);
  }
  await expect(nav.getByRole('link', { name: 'Board', exact: true })).toBeFocused();
  await expect(nav.getByRole('link', { name: 'Board', exact: true })).toHaveAttribute('aria-current', 'page');
  // The admin pages are a plain group here: no Admin button inside the panel.
  await expect(nav.getByRole('button', { name: /^Admin/ })).toBeHidden();
  await expectAccessible(page, 'header with the menu open at 375 px');

  // Escape closes it and focus goes back to the button.
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await expect(nav.getByRole('link', { name: 'Runs', exact: true })).toBeHidden();

  // By keyboard: Enter opens, Tab walks the links, Enter follows one; the menu closes on the new page.
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Runs', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toContainText('Menu');

  // A click outside closes it too; tapping a link navigates.
  await menu.click();
  await page.mouse.click(187, 760); // below the open panel, on the page

  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await nav.getByRole('link', { name: 'Tokens', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/tokens$/);
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
});

test('from 1024 px the links are inline, all on screen, and there is no Menu button', async ({ page }) => {
  for (const width of [1024, 1280, 1440]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/');
    await hydrated(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('button', { name: /^Menu/ })).toBeHidden();
    for (const name of INLINE_LINKS) {
      const link = nav.getByRole('link', { name, exact: true });
      await expect(link).toBeVisible();
      const box = (await link.boundingBox())!;
      expect(box.x + box.width, `${name} ends on screen at ${width} px`).toBeLessThanOrEqual(width);
    }
    // The admin pages are one menu, closed: its links are not in the header row.
    const admin = nav.getByRole('button', { name: /^Admin/ });
    await expect(admin).toHaveAttribute('aria-expanded', 'false');
    for (const name of ADMIN_LINKS) await expect(nav.getByRole('link', { name, exact: true })).toBeHidden();
    // …clear of the buttons on the right, which have their words back.
    const last = (await admin.boundingBox())!;
    const newTask = page.getByRole('banner').getByRole('link', { name: 'New task' });
    await expect(newTask).toHaveText(/New task/);
    expect(last.x + last.width, `the links stop before New task at ${width} px`).toBeLessThanOrEqual((await newTask.boundingBox())!.x);
    await expect(page.getByRole('button', { name: /^Switch to (dark|light) theme$/ })).toHaveText(/Dark|Light/);
    const signOut = (await page.getByRole('button', { name: 'Sign out' }).boundingBox())!;
    expect(signOut.x + signOut.width, `Sign out on screen at ${width} px`).toBeLessThanOrEqual(width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
});

test('the Admin menu at 1280 px: mouse and keyboard, Escape and a click outside close it, the current page is marked', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const admin = nav.getByRole('button', { name: /^Admin/ });

  // The mouse: every admin link on screen under the button; a click outside closes it.
  await admin.click();
  await expect(admin).toHaveAttribute('aria-expanded', 'true');
  for (const name of ADMIN_LINKS) {
    const box = (await nav.getByRole('link', { name, exact: true }).boundingBox())!;
    expect(box.x + box.width, `${name} on screen`).toBeLessThanOrEqual(1280);
    expect(box.y, `${name} under the header row`).toBeGreaterThanOrEqual((await admin.boundingBox())!.y);
  }
  await expect(nav.getByRole('link', { name: 'Users', exact: true })).toBeFocused();
  await expectAccessible(page, 'the Admin menu open at 1280 px');
  await page.mouse.click(640, 600);
  await expect(admin).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Users', exact: true })).toBeHidden();

  // The keyboard: Enter opens on the first link, the arrows move, Escape closes back to the button.
  await admin.focus();
  await page.keyboard.press('Enter');
  await expect(nav.getByRole('link', { name: 'Users', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('link', { name: 'Tokens', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(nav.getByRole('link', { name: 'Webhooks', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(admin).toHaveAttribute('aria-expanded', 'false');
  await expect(admin).toBeFocused();

  // ArrowDown on the button opens it too; Enter on a link follows it and the menu closes.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('link', { name: 'Tokens', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/tokens$/);
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  await expect(admin).toHaveAttribute('aria-expanded', 'false');

  // On an admin page the button says which one, and the link is the current page.
  await expect(admin).toHaveAccessibleName(/^Admin\s*, on Tokens$/);
  await admin.click();
  await expect(nav.getByRole('link', { name: 'Tokens', exact: true })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Webhooks', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/webhooks$/);
  await expect(admin).toHaveAccessibleName(/^Admin\s*, on Webhooks$/);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the header in the ${theme} theme at 375 px (menu open) and 1280 px (Admin menu open)`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('cronboard-theme', t), theme);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: width === 375 ? 812 : 800 });
      await page.goto('/runs');
      await hydrated(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: width === 375 ? /^Menu/ : /^Admin/ }).click();
      await expectAccessible(page, `header at ${width} px, ${theme}`);
      await page.screenshot({
        path: fileURLToPath(new URL(`./.artifacts/screenshots/header-${width}-${theme}.png`, import.meta.url)),
        clip: { x: 0, y: 0, width, height: width === 375 ? 560 : 200 },
        animations: 'disabled',
      });
    }
  });
}

for (const role of ['admin', 'operator', 'viewer'] as const) {
  test(`no header item overlaps another for ${role === 'admin' ? 'an' : 'a'} ${role} at 375, 1024, 1280 and 1440 px`, async ({ browser }) => {
    const context = await newContextAs(browser, role);
    const page = await context.newPage();
    for (const width of [375, 1024, 1280, 1440]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto('/');
      await hydrated(page);
      const header = page.getByRole('banner');
      // The failing count is there (the demo's Sync invoices fails), so the tightest header is measured.
      await expect(header.getByRole('link', { name: /failing task/ })).toBeVisible();
      const items = header.locator('a:visible, button:visible, [title]:visible:not(a):not(button)');
      const boxes: { name: string; x: number; y: number; w: number; h: number }[] = [];
      for (let i = 0; i < (await items.count()); i++) {
        const item = items.nth(i);
        const box = await item.boundingBox();
        if (!box || box.width === 0) continue;
        const name = (await item.getAttribute('aria-label')) ?? (await item.innerText()).trim() ?? `item ${i}`;
        boxes.push({ name: name || `item ${i}`, x: box.x, y: box.y, w: box.width, h: box.height });
      }
      expect(boxes.length, `header items at ${width} px`).toBeGreaterThanOrEqual(width === 375 ? 5 : INLINE_LINKS.length + 4);
      for (const [i, a] of boxes.entries()) {
        expect(a.x + a.w, `${a.name} ends on screen at ${width} px`).toBeLessThanOrEqual(width);
        for (const b of boxes.slice(i + 1)) {
          const overlap = a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
          expect(overlap, `“${a.name}” and “${b.name}” overlap at ${width} px`).toBe(false);
        }
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `nothing scrolls sideways at ${width} px`).toBeLessThanOrEqual(width);
    }
    await context.close();
  });
}

test('the browser finds an icon at /favicon.ico (no 404 in any page load) and at /icon.svg', async ({ request }) => {
  const ico = await request.get('/favicon.ico');
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  const svg = await request.get('/icon.svg');
  expect(svg.status()).toBe(200);
  expect(svg.headers()['content-type']).toMatch(/^image\/svg\+xml/);
});
