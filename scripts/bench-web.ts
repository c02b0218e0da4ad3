// Dashboard performance: seeds 1,000 tasks and 100,000 runs (scripts/seed-perf.ts)
// on SQLite and, when a PostgreSQL URL is given, on PostgreSQL; creates an admin
// user, starts the built app (`next start`, no worker) on it, signs in
// (POST /api/auth/login → session cookie) and measures, from the client side:
//   - board first load in Chromium, cold (a fresh browser context each time): navigation
//     start → all five columns rendered with their first card visible, and → hydrated
//     (the cards' move handles enabled);
//   - the board's data query (tRPC board.get) over HTTP, and its payload size;
//   - the idle board: main-thread long tasks (> 50 ms) over 10 s of 1 s polling;
//   - a drag's visual response: a keyboard move of a Todo card (Space, ArrowRight, Space)
//     and a mouse drag (press, move, release) into In progress, timed in the page from the
//     input event (performance.now() in a capture listener) to the card being in the new
//     column in the DOM (MutationObserver), and to the next animation frame after that; for
//     the keyboard drop also to board.move's answer and to the board's refetch after it
//     (resource timing), with board.move's request → first byte (its server time);
//   - the runs page's calls: runs.list (first page, a status filter, a task filter, a
//     page deep in the history via its cursor, a time range) and runs.counts;
// each repeated, reported as p50 / p95 in ms. Prints figures; asserts nothing.
//
//   npm run build && npm run bench:web
//   BENCH_PG_URL=postgresql://user:pass@localhost:5432/postgres npm run bench:web   (also PostgreSQL; creates and drops its own database)
//   options: --reps 20  --loads 21  --drags 20  --screenshots DIR  --tasks 1000  --runs 100000  --port 3303
//            --only LIST   a comma list of databases (sqlite, postgresql) and/or steps (http, load, idle, keyboard,
//                          mouse, runs); e.g. --only sqlite,load,keyboard. Default: both databases, every step.
//            --seeded-sqlite FILE (a copy of a database seed:perf filled before, instead of seeding SQLite)
//            --seeded-pg NAME     (a clone, CREATE DATABASE … TEMPLATE NAME, of a PostgreSQL database seeded before)
//            --app-dir DIR        (the tree whose production build is started: a before/after checkout; default this one)
//            --profile DIR        (a CPU profile of the page over each keyboard ArrowRight, for chrome://inspect or speedscope)
//            --key-columns "In review,Done"  (the keyboard moves: from the top of the first column into the next; default "Todo,In progress")
//            --keys-at-once       (the arrow pressed right after Space, not once the pick-up shows: a fast typist; lost arrows are counted)
//   At 1,000 tasks / 1M runs, the board's two targets on both databases in ~10 minutes:
//   npx tsx scripts/bench-web.ts --runs 1000000 --seeded-sqlite /tmp/boardperf/perf1m.db --seeded-pg cronboard_boardperf_1m \
//     --only sqlite,postgresql,load,keyboard --loads 11 --drags 10
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import superjson from 'superjson';
import { SYSTEM_ACTOR } from '../server/auth/actor';
import { migrateDatabase, openDatabase } from '../server/db';
import { createUser } from '../server/users/create-user';
import { SYSTEM_CHROMIUM, SYSTEM_CHROMIUM_ARGS } from '../e2e/chromium';
import { createPgDatabase, dropPgDatabase } from './lib/scratch-database';
import { seedPerf } from './seed-perf';
import { arg, loadAverage, percentile, sleep, stopChild, waitForHealth } from './lib/bench-kit';

const root = fileURLToPath(new URL('..', import.meta.url));
const REPS = Number(arg('reps', '20'));
const TASKS = Number(arg('tasks', '1000'));
const RUNS = Number(arg('runs', '100000'));
const LOADS = Number(arg('loads', '21'));
const DRAGS = Number(arg('drags', '20'));
/** A database file seeded before (seed:perf), copied for each run, instead of seeding SQLite again (a 1M-run seed takes minutes). */
const SEEDED_SQLITE = arg('seeded-sqlite', '');
/** A PostgreSQL database seeded before, cloned (as a template) for each run instead of seeding. */
const SEEDED_PG = arg('seeded-pg', '');
/** The tree whose build `next start` serves (a before/after comparison runs this script against two trees). */
const APP_DIR = arg('app-dir', '');
/** Writes a CPU profile of the page's main thread over each keyboard ArrowRight (DIR/keyboard-move-N.cpuprofile). */
const PROFILE_DIR = arg('profile', '');
/** Press the arrow right after Space, without waiting for the pick-up to show (a person typing fast): counts lost arrows. */
const KEYS_AT_ONCE = process.argv.includes('--keys-at-once');
/** The keyboard moves' columns: from the top of the first into the second (one ArrowRight apart). */
const [KEY_FROM = 'Todo', KEY_TO = 'In progress'] = arg('key-columns', 'Todo,In progress').split(',');
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-password-1234';
const PORT = Number(arg('port', process.env.BENCH_PORT ?? '3303'));
const ONLY = arg('only', '').split(',').filter(Boolean);
const PROVIDERS = ['sqlite', 'postgresql'] as const;
const STEPS = ['http', 'load', 'idle', 'keyboard', 'mouse', 'runs'] as const;
for (const word of ONLY)
  if (![...PROVIDERS, ...STEPS].includes(word as never)) {
    console.error(`bench:web: --only takes ${[...PROVIDERS, ...STEPS].join(', ')}; "${word}" is none of them`);
    process.exit(2);
  }
const onlyOf = (names: readonly string[]) => (ONLY.some((w) => names.includes(w)) ? ONLY : names);
/** The databases and steps this run measures (--only; all when it names none of a kind). */
const runsProvider = (p: (typeof PROVIDERS)[number]) => onlyOf(PROVIDERS).includes(p);
const runsStep = (s: (typeof STEPS)[number]) => onlyOf(STEPS).includes(s);
/** A progress line on stderr (the figures go to stdout). */
const note = (line: string) => console.error(`  … ${line} (load ${loadAverage()})`);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL_POSTGRES;
const BASE = `http://127.0.0.1:${PORT}`;

/** The session cookie of the signed-in bench user (set by signIn()). */
let session = { name: '', value: '' };

const fmt = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1).padStart(7)}   p95 ${percentile(values, 95).toFixed(1).padStart(7)}`;

async function startApp(databaseUrl: string, dir: string): Promise<ChildProcess> {
  const config = join(dir, 'cronboard.yaml');
  writeFileSync(config, 'demo: false\n');
  const appDir = APP_DIR || root;
  const child = spawn(join(appDir, 'node_modules/.bin/next'), ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
    cwd: appDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      CRONBOARD_CONFIG: config,
      CRONBOARD_DEMO: 'false',
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(child, BASE);
  return child;
}

/** One tRPC query over HTTP as the browser sends it (GET, superjson); returns the wall time in ms. */
async function trpcTime(path: string, input: unknown): Promise<number> {
  const url = `${BASE}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie: `${session.name}=${session.value}` } });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  lastBytes = body.byteLength;
  return ms;
}
let lastBytes = 0;

/** Creates the bench's admin user straight in the database (the service the CLI and setup page use). */
async function createBenchUser(url: string): Promise<void> {
  const handle = await openDatabase(url);
  try {
    await createUser({ db: handle.db, email: EMAIL, password: PASSWORD, role: 'admin', actor: SYSTEM_ACTOR });
  } finally {
    await handle.close();
  }
}

/** Signs in as a script does (JSON, CSRF header instead of an Origin) and keeps the session cookie. */
async function signIn(): Promise<void> {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cronboard-csrf': '1' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cronboard_session='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
  session = { name, value };
}

async function signedInContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies([{ name: session.name, value: session.value, url: BASE }]);
  // tsx (esbuild keepNames) wraps named functions in __name(); the functions this script runs in the page need it there.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  return context;
}

async function series(path: string, input: unknown): Promise<number[]> {
  await trpcTime(path, input); // warm-up: first compile of the route and query plan
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) times.push(await trpcTime(path, input));
  return times;
}

/** Runs page: navigation start → first `selector` visible, → load event, in a fresh signed-in context each time. */
async function pageLoad(
  browser: Browser,
  path: string,
  selector: string,
): Promise<{ first: number[]; all: number[]; cards: number }> {
  const first: number[] = [];
  const all: number[] = [];
  let cards = 0;
  for (let i = 0; i < LOADS; i++) {
    const context = await signedInContext(browser);
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(`${BASE}${path}`, { waitUntil: 'commit' });
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
    const t1 = performance.now();
    await page.waitForLoadState('load');
    cards = await page.locator(selector).count();
    const t2 = performance.now();
    // The first load warms the server's caches; report the later ones.
    if (i > 0) {
      first.push(t1 - t0);
      all.push(t2 - t0);
    }
    await context.close();
  }
  return { first, all, cards };
}

/**
 * Board first load, cold: a fresh context each time; times in the page from navigation
 * start (performance.now() there) → all five columns with a visible first card (HTML
 * streamed by the server render), → hydrated (a move handle enabled).
 */
async function boardLoad(browser: Browser) {
  const shown: number[] = [];
  const hydrated: number[] = [];
  const ttfb: number[] = [];
  let cards = 0;
  let htmlBytes = 0;
  for (let i = 0; i <= LOADS; i++) {
    const context = await signedInContext(browser);
    const page = await context.newPage();
    // Checked on every mutation from the first byte of HTML, so the figure is when the DOM had it.
    await page.addInitScript(() => {
      const w = window as unknown as { __shownAt?: number };
      const titles = ['Todo', 'In progress', 'In review', 'Done', 'Cancelled'];
      const ready = () => {
        const columns = Array.from(document.querySelectorAll('section[aria-labelledby]'));
        const cards = titles.map((t) => columns.find((c) => c.querySelector('h2')?.textContent === t)?.querySelector('article'));
        // Layout is read only once every column has a card in the DOM (reading it per mutation would slow the parse).
        return cards.every((card) => {
          const r = card?.getBoundingClientRect();
          return !!r && r.width > 0 && r.height > 0;
        });
      };
      // On every DOM change, and on every frame (the stylesheet arriving changes layout, not the DOM).
      const check = () => {
        if (w.__shownAt === undefined && ready()) {
          w.__shownAt = performance.now();
          observer.disconnect();
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { subtree: true, childList: true });
      const frame = () => {
        check();
        if (w.__shownAt === undefined) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await page.goto(`${BASE}/`, { waitUntil: 'commit' });
    const shownAt = await (
      await page
        .waitForFunction(() => (window as unknown as { __shownAt?: number }).__shownAt, undefined, {
          timeout: 60_000,
          polling: 50,
        })
        .catch(async (error: unknown) => {
          await page.screenshot({ path: join(tmpdir(), 'bench-web-board-timeout.png') });
          writeFileSync(join(tmpdir(), 'bench-web-board-timeout.html'), await page.content());
          throw error;
        })
    ).jsonValue();
    const hydratedAt = await (
      await page.waitForFunction(
        () => {
          const b = document.querySelector<HTMLButtonElement>('button[aria-label^="Move “"]');
          return b && !b.disabled ? performance.now() : 0;
        },
        undefined,
        { timeout: 60_000, polling: 'raf' },
      )
    ).jsonValue();
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { ttfb: n.responseStart - n.requestStart, bytes: n.decodedBodySize };
    });
    htmlBytes = nav.bytes;
    cards = await page.locator('article').count();
    // The first load warms the server (route compile, query plans); report the later ones.
    if (i > 0) {
      shown.push(shownAt as number);
      hydrated.push(hydratedAt);
      ttfb.push(nav.ttfb);
    }
    note(`board load ${i}/${LOADS}${i > 0 ? '' : ' (warm-up)'}: shown ${(shownAt as number).toFixed(0)} ms, hydrated ${hydratedAt.toFixed(0)} ms, first byte ${nav.ttfb.toFixed(0)} ms`);
    await context.close();
  }
  return { shown, hydrated, ttfb, cards, htmlBytes };
}

async function openBoard(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await signedInContext(browser);
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  await page.locator('button[aria-label^="Move “"]:not([disabled])').first().waitFor({ timeout: 60_000 });
  return { context, page };
}

/** Idle board: long tasks (> 50 ms) on the main thread while the 1 s poll runs for 10 s. */
async function idleLongTasks(browser: Browser): Promise<{ count: number; total: number; longest: number }> {
  const { context, page } = await openBoard(browser);
  const shots = arg('screenshots', '');
  if (shots) {
    // How the seeded board looks (light, dark) at a column's "Show more".
    const more = page.getByRole('button', { name: /^Show \d+ more/ }).first();
    if (await more.count()) await more.scrollIntoViewIfNeeded();
    await sleep(500);
    await page.screenshot({ path: join(shots, 'bench-board-light.png') });
    await page.evaluate(() => document.documentElement.classList.add('dark'));
    await sleep(500); // colour transitions
    await page.screenshot({ path: join(shots, 'bench-board-dark.png') });
    await page.evaluate(() => document.documentElement.classList.remove('dark'));
  }
  await sleep(2_000);
  const result = await page.evaluate(
    () =>
      new Promise<{ count: number; total: number; longest: number }>((resolve) => {
        const tasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) tasks.push(e.duration);
        });
        observer.observe({ type: 'longtask' });
        setTimeout(() => {
          observer.disconnect();
          resolve({ count: tasks.length, total: tasks.reduce((a, b) => a + b, 0), longest: Math.max(0, ...tasks) });
        }, 10_000);
      }),
  );
  await context.close();
  return result;
}

/**
 * In the page: resolves, after the next `event` (capture phase, before dnd-kit sees it), with
 * the ms until the card titled `name` is a settled card (not the faded drag placeholder) — or,
 * with `placeholder`, any card — inside the column titled `column`, and until the frame after.
 */
function armDropTimer(args: { event: string; name: string; column: string; placeholder: boolean }) {
  const w = window as unknown as { __drop?: Promise<{ dom: number; frame: number }> };
  w.__drop = new Promise((resolve, reject) => {
    let t0 = 0;
    // A drop that never shows (the card did not move) fails the run instead of waiting for ever.
    setTimeout(() => reject(new Error(`“${args.name}” was not seen in ${args.column} within 30 s of the ${args.event}`)), 30_000);
    const inColumn = () => {
      const section = Array.from(document.querySelectorAll('section[aria-labelledby]')).find(
        (c) => c.querySelector('h2')?.textContent === args.column,
      );
      return Array.from(section?.querySelectorAll('li') ?? []).some(
        (li) => li.querySelector('h3')?.textContent === args.name && (args.placeholder || !li.classList.contains('opacity-40')),
      );
    };
    const observer = new MutationObserver(() => {
      if (t0 && inColumn()) {
        const dom = performance.now() - t0;
        observer.disconnect();
        requestAnimationFrame(() => resolve({ dom, frame: performance.now() - t0 }));
      }
    });
    window.addEventListener(
      args.event,
      () => {
        t0 = performance.now();
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
      },
      { capture: true, once: true },
    );
  });
}

const readDrop = (page: Page) =>
  page.evaluate(() => (window as unknown as { __drop: Promise<{ dom: number; frame: number }> }).__drop);

/** In the page: the next key press's time (performance.now(), capture phase), kept as __droppedAt. */
function stampNextKey() {
  const w = window as unknown as { __droppedAt?: number };
  window.addEventListener('keydown', () => (w.__droppedAt = performance.now()), { capture: true, once: true });
}

/** In the page: ms from the key stamped by stampNextKey until the card's handle shows it picked up, then one task later. */
function pickedUp(args: { name: string }): Promise<number> {
  const w = window as unknown as { __droppedAt: number };
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + 30_000;
    const look = () => {
      const handle = Array.from(document.querySelectorAll('[data-card-handle]')).find(
        (h) => h.getAttribute('aria-label') === `Move “${args.name}”` && h.getAttribute('aria-pressed') === 'true',
      );
      if (handle) {
        const at = performance.now() - w.__droppedAt;
        return setTimeout(() => resolve(at), 0);
      }
      if (performance.now() > deadline) return reject(new Error(`“${args.name}” was not picked up within 30 s of Space`));
      requestAnimationFrame(look);
    };
    look();
  });
}

/**
 * In the page, after a keyboard drop: once board.move has answered and the board's refetch after
 * it (board.get) has too, the times from the drop key (resource timing, in the page's clock), and
 * board.move's time to first byte (the server's part of the round trip).
 */
function confirmedTimes(): Promise<{ fromDrop: number; refetched: number; moveServer: number } | null> {
  const w = window as unknown as { __droppedAt: number };
  return new Promise((resolve) => {
    const deadline = performance.now() + 20_000;
    const look = () => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const move = entries.find((e) => e.name.includes('board.move') && e.startTime >= w.__droppedAt && e.responseEnd > 0);
      const refetch = move && entries.find((e) => e.name.includes('board.get') && e.startTime >= move.responseEnd && e.responseEnd > 0);
      if (move && refetch)
        return resolve({
          fromDrop: move.responseEnd - w.__droppedAt,
          refetched: refetch.responseEnd - w.__droppedAt,
          moveServer: move.responseStart - move.requestStart,
        });
      if (performance.now() > deadline) return resolve(null);
      setTimeout(look, 20);
    };
    look();
  });
}

/**
 * Drags the top Todo card into In progress, DRAGS times by keyboard and DRAGS times by mouse.
 * Keyboard: Space picks the card up, ArrowRight moves it into In progress while held (the visual
 * response to the move), Space drops it there (settled in the DOM at once, optimistically), and
 * board.move's answer confirms it (then the board refetches). Mouse: the release over In progress (the card was shown there while
 * dragging; the release settles it). Each move is a real board.move (queues a run).
 */
async function drags(browser: Browser, kinds: { keyboard: boolean; mouse: boolean }) {
  const { context, page } = await openBoard(browser);
  const result = {
    keyPickUp: [] as number[],
    keyMove: [] as number[],
    /** The keyboard moves whose ArrowRight never showed the card in In progress (30 s). */
    keyMisses: [] as number[],
    keyDrop: [] as number[],
    keyDropFrame: [] as number[],
    keyConfirmed: [] as number[],
    keyRefetched: [] as number[],
    moveServer: [] as number[],
    mouseDrop: [] as number[],
    mouseDropFrame: [] as number[],
  };
  const todo = page.locator('section[aria-labelledby]').filter({ has: page.locator('h2', { hasText: /^Todo$/ }) });
  const progress = page.locator('section[aria-labelledby]').filter({ has: page.locator('h2', { hasText: /^In progress$/ }) });
  const columnTitled = (title: string) => page.locator('section[aria-labelledby]').filter({ has: page.locator('h2', { hasText: new RegExp(`^${title}$`) }) });
  const keyFrom = columnTitled(KEY_FROM);
  const settle = async (name: string, into = progress) => {
    // The move is saved and the poll shows the card in its new column.
    await into
      .locator('article', { has: page.locator('h3', { hasText: name }) })
      .first()
      .waitFor();
    await page.waitForFunction(() => !document.querySelector('li.opacity-40'));
    await sleep(1_500);
  };
  const missed = new Set<string>();
  for (let i = 0; i < (kinds.keyboard ? DRAGS : 0); i++) {
    // The top Todo card (or the next one, past cards whose move was not seen).
    const names = (await keyFrom.locator('article h3').allInnerTexts()).map((n) => n.trim());
    const name = names.find((n) => !missed.has(n)) ?? names[0]!;
    const handle = page.getByRole('button', { name: `Move “${name}”`, exact: true });
    await handle.focus();
    await page.evaluate(() => performance.clearResourceTimings());
    await page.evaluate(stampNextKey);
    await page.keyboard.press('Space');
    // Picked up (dnd-kit marks the handle aria-pressed), and a task later: its keyboard sensor listens
    // for the arrows only from a setTimeout after the pick-up, and Chromium runs input before timers, so an
    // arrow pressed while the pick-up still renders is lost (a person sees the card not move and presses again).
    if (!KEYS_AT_ONCE) result.keyPickUp.push(await page.evaluate(pickedUp, { name }));
    await page.evaluate(armDropTimer, { event: 'keydown', name, column: KEY_TO, placeholder: true });
    const cdp = PROFILE_DIR ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.keyboard.press('ArrowRight');
    const moved = await readDrop(page).catch((error: unknown) => error as Error);
    if (moved instanceof Error) {
      // Counted and reported, not waited for: the run goes on with the next card.
      result.keyMisses.push(i + 1);
      missed.add(name);
      note(`keyboard move ${i + 1}/${DRAGS}: ${moved.message.split('\n')[0]}; Escape, next card`);
      if (cdp) await cdp.detach();
      await page.keyboard.press('Escape');
      await sleep(2_000);
      continue;
    }
    result.keyMove.push(moved.dom);
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(PROFILE_DIR, `keyboard-move-${i + 1}.cpuprofile`), JSON.stringify(profile));
      await cdp.detach();
    }
    await page.evaluate(armDropTimer, { event: 'keydown', name, column: KEY_TO, placeholder: false });
    await page.evaluate(stampNextKey);
    await page.keyboard.press('Space');
    const drop = await readDrop(page);
    result.keyDrop.push(drop.dom);
    result.keyDropFrame.push(drop.frame);
    const confirmed = await page.evaluate(confirmedTimes);
    if (confirmed) {
      result.keyConfirmed.push(confirmed.fromDrop);
      result.keyRefetched.push(confirmed.refetched);
      result.moveServer.push(confirmed.moveServer);
    }
    // A refetch slower than 20 s (a loaded machine, the whole board at 1M runs) leaves those two figures out, not the move's.
    note(`keyboard move ${i + 1}/${DRAGS}: ArrowRight → in column ${result.keyMove.at(-1)!.toFixed(0)} ms, drop → settled ${drop.dom.toFixed(0)} ms, → refetched ${confirmed ? `${confirmed.refetched.toFixed(0)} ms` : 'not within 20 s'}`);
    await settle(name, columnTitled(KEY_TO));
  }
  for (let i = 0; i < (kinds.mouse ? DRAGS : 0); i++) {
    const source = todo.locator('li', { has: page.locator('article') }).first();
    const name = (await source.locator('h3').innerText()).trim();
    await source.scrollIntoViewIfNeeded();
    const box = (await source.boundingBox())!;
    const target = (await progress.locator('li').first().boundingBox())!;
    const start = { x: box.x + box.width / 2, y: box.y + 20 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 8, start.y + 8, { steps: 4 });
    await page.mouse.move(target.x + target.width / 2, target.y + 20, { steps: 12 });
    await page.mouse.move(target.x + target.width / 2 + 1, target.y + 21, { steps: 2 });
    await page.evaluate(armDropTimer, { event: 'pointerup', name, column: 'In progress', placeholder: false });
    await page.mouse.up();
    const drop = await readDrop(page);
    result.mouseDrop.push(drop.dom);
    result.mouseDropFrame.push(drop.frame);
    note(`mouse drag ${i + 1}/${DRAGS}: release → settled ${drop.dom.toFixed(0)} ms`);
    await settle(name);
  }
  await context.close();
  return result;
}

/** The drags' figures (the kinds measured: an empty series is left out). */
function reportDrags(d: Awaited<ReturnType<typeof drags>>) {
  const line = (label: string, values: number[]) => {
    if (values.length > 0) console.log(`${label.padEnd(44)} ${fmt(values)} ms`);
  };
  line('drag, keyboard Space → picked up', d.keyPickUp);
  line('drag, keyboard ArrowRight → card in column', d.keyMove);
  if (d.keyMisses.length > 0) console.log(`  (keyboard moves ${d.keyMisses.join(', ')}: the card was not seen in its new column within 30 s, skipped)`);
  line('drag, keyboard drop (Space) → settled (DOM)', d.keyDrop);
  line('drag, keyboard drop → next frame', d.keyDropFrame);
  line('drag, keyboard drop → board.move answered', d.keyConfirmed);
  line('drag, keyboard drop → board refetched', d.keyRefetched);
  line('  board.move request → first byte', d.moveServer);
  line('drag, mouse release → settled (DOM)', d.mouseDrop);
  line('drag, mouse release → next frame', d.mouseDropFrame);
}

interface Target {
  provider: 'sqlite' | 'postgresql';
  url: string;
  cleanup: () => Promise<void>;
}

async function makeTarget(provider: Target['provider'], dir: string): Promise<Target> {
  if (provider === 'sqlite') return { provider, url: `file:${join(dir, 'perf.db')}`, cleanup: async () => undefined };
  const { name, url } = await createPgDatabase(PG_URL!, 'cronboard_bench', SEEDED_PG || undefined);
  return {
    provider,
    url,
    cleanup: () => dropPgDatabase(PG_URL!, name).catch((e: unknown) => console.warn(`could not drop ${name}: ${String(e)}`)),
  };
}

async function bench(provider: Target['provider'], browser: Browser) {
  const dir = mkdtempSync(join(tmpdir(), 'cronboard-bench-web-'));
  const target = await makeTarget(provider, dir);
  let app: ChildProcess | undefined;
  try {
    if (provider === 'sqlite' && SEEDED_SQLITE) {
      copyFileSync(SEEDED_SQLITE, join(dir, 'perf.db'));
      await migrateDatabase({ url: target.url });
      console.log(`\n## ${provider}: a copy of ${SEEDED_SQLITE} (seeded before; --tasks/--runs should say what it holds)`);
    } else if (provider === 'postgresql' && SEEDED_PG) {
      await migrateDatabase({ url: target.url });
      console.log(`\n## ${provider}: a clone of the database ${SEEDED_PG} (seeded before; --tasks/--runs should say what it holds)`);
    } else {
      const seeded = await seedPerf({ url: target.url, tasks: TASKS, runs: RUNS });
      console.log(
        `\n## ${provider}: seeded ${seeded.tasks} tasks, ${seeded.runs} runs, ${seeded.events} events in ${(seeded.ms / 1000).toFixed(1)} s`,
      );
    }
    await createBenchUser(target.url);
    app = await startApp(target.url, dir);
    await signIn();
    if (runsStep('http')) {
      const board = await series('board.get', {});
      console.log(`${`board data board.get (${(lastBytes / 1024).toFixed(0)} KiB)`.padEnd(44)} ${fmt(board)} ms`);
    }
    if (runsStep('load')) {
      const load = await boardLoad(browser);
      console.log(`${`board first load, ${load.cards} cards: 5 columns shown`.padEnd(44)} ${fmt(load.shown)} ms`);
      console.log(`${'board first load: hydrated (handles enabled)'.padEnd(44)} ${fmt(load.hydrated)} ms`);
      console.log(`${`board first load: HTML first byte (${(load.htmlBytes / 1024).toFixed(0)} KiB)`.padEnd(44)} ${fmt(load.ttfb)} ms`);
    }
    if (runsStep('idle')) {
      const idle = await idleLongTasks(browser);
      console.log(
        `${'idle board, 10 s of 1 s polls: long tasks'.padEnd(44)} ${idle.count} tasks, ${idle.total.toFixed(0)} ms in all, longest ${idle.longest.toFixed(0)} ms`,
      );
    }
    if (runsStep('keyboard') || runsStep('mouse')) reportDrags(await drags(browser, { keyboard: runsStep('keyboard'), mouse: runsStep('mouse') }));
    if (!runsStep('runs')) return;
    const runsLoad = await pageLoad(browser, '/runs', 'tbody tr a[href^="/runs/"]');
    console.log(
      `runs page first load (Chromium, ${runsLoad.cards} rows)     first row  ${fmt(runsLoad.first)} ms;  load event       ${fmt(runsLoad.all)} ms`,
    );
    // A cursor deep in the history: half-way down the id range.
    const deep = Math.floor(RUNS / 2);
    const now = Date.now();
    const cases: [string, string, unknown][] = [
      ['runs.list (newest 50)', 'runs.list', { limit: 50 }],
      ['runs.list status=failed', 'runs.list', { limit: 50, status: 'failed' }],
      ['runs.list status=queued', 'runs.list', { limit: 50, status: 'queued' }],
      ['runs.list task=perf-7', 'runs.list', { limit: 50, taskKey: 'perf-7' }],
      ['runs.list trigger=manual', 'runs.list', { limit: 50, trigger: 'manual' }],
      [`runs.list cursor=${deep}`, 'runs.list', { limit: 50, cursor: deep }],
      [`runs.list status=failed cursor=${deep}`, 'runs.list', { limit: 50, status: 'failed', cursor: deep }],
      [
        'runs.list one day, 20 days ago',
        'runs.list',
        { limit: 50, from: new Date(now - 20 * 86_400_000), to: new Date(now - 19 * 86_400_000) },
      ],
      ['runs.counts (all)', 'runs.counts', {}],
      ['runs.counts task=perf-7', 'runs.counts', { taskKey: 'perf-7' }],
      ['events.list (newest 50)', 'events.list', { limit: 50 }],
      ['events.list task=perf-7', 'events.list', { limit: 50, taskKey: 'perf-7' }],
    ];
    for (const [label, path, input] of cases) console.log(`${label.padEnd(44)} ${fmt(await series(path, input))} ms`);
    // What the runs page costs a browser at once: counts + first page in parallel.
    const page: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      await Promise.all([trpcTime('runs.counts', {}), trpcTime('runs.list', { limit: 50 })]);
      page.push(performance.now() - t0);
    }
    console.log(`${'runs page data (counts + list, parallel)'.padEnd(44)} ${fmt(page)} ms`);
  } finally {
    if (app) await stopChild(app, 8_000);
    await target.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(join(APP_DIR || root, '.next', 'BUILD_ID'))) {
    console.error('bench:web measures the production build: run `npx next build` first.');
    process.exit(2);
  }
  const executablePath = existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
  const browser = await chromium.launch({ executablePath, args: SYSTEM_CHROMIUM_ARGS });
  console.log(
    `bench:web — ${TASKS} tasks, ${RUNS} runs, ${REPS} repetitions per HTTP figure, ${LOADS} cold loads, ${DRAGS} drags per kind, port ${PORT}, app ${APP_DIR || root}, only ${ONLY.join(',') || 'all'}; load average ${loadAverage()}`,
  );
  try {
    if (runsProvider('sqlite')) await bench('sqlite', browser);
    if (runsProvider('postgresql')) {
      if (PG_URL) await bench('postgresql', browser);
      else console.log('\n(PostgreSQL skipped: set BENCH_PG_URL or TEST_DATABASE_URL_POSTGRES)');
    }
  } finally {
    await browser.close();
  }
}

await main();
