#!/usr/bin/env node
// `npm test`: every suite, in order, each on its own, going on after a failure:
//   typecheck · lint · unit · integration on SQLite · integration on PostgreSQL
//   (only when TEST_DATABASE_URL_POSTGRES is set) · next build · Playwright e2e.
// The two integration suites share nothing (SQLite files in a temp folder;
// databases of their own on PostgreSQL) and mostly wait on workers' timers, so
// they run side by side in two lanes (typecheck, lint, unit, then SQLite; and
// PostgreSQL, then the build); e2e runs alone after both. Each grouped suite's
// output goes to .ci/out/test-all/NAME.log and is printed whole when it ends
// (set TEST_ALL_SERIAL=1 to run everything one after the other, streaming). Vitest and Playwright write JSON reports under
// .ci/out/test-all/ (their readable reporters still print); those reports give
// the test counts. typecheck, lint and build count as one check each. The run ends with
// a per-suite table and then exactly one line `N passed, N failed, N skipped`,
// which CI reads; the exit status is non-zero when anything failed.
//
//   node scripts/test-all.mjs                      everything
//   node scripts/test-all.mjs --only unit,lint     a subset (names: --list)
//
// Node built-ins only: it runs right after the dependency install.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.ci', 'out', 'test-all');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const MINUTE = 60_000;

/** @typedef {{ passed: number, failed: number, skipped: number, note?: string }} Counts */

const SUITES = [
  // Suites with the same `together` start side by side; within a group, suites of one `lane` run one
  // after the other (a lane defaults to the suite itself). The two lanes are balanced: the checks and
  // the SQLite suite (~2 + ~10 min) beside the PostgreSQL suite and the build (~12 + ~1 min).
  { name: 'typecheck', title: 'Typecheck (tsc)', kind: 'check', script: 'typecheck', timeout: 10 * MINUTE, together: 'integration', lane: 'a' },
  { name: 'lint', title: 'Lint (eslint)', kind: 'check', script: 'lint', timeout: 10 * MINUTE, together: 'integration', lane: 'a' },
  { name: 'unit', title: 'Unit (vitest)', kind: 'vitest', script: 'test:unit', timeout: 15 * MINUTE, together: 'integration', lane: 'a' },
  {
    name: 'integration-sqlite',
    aliases: ['integration', 'sqlite'],
    title: 'Integration, SQLite',
    kind: 'vitest',
    script: 'test:integration',
    env: { CRONBOARD_TEST_PROVIDER: 'sqlite' },
    // Side by side on 2 cores each takes longer than alone (~9 min alone in CI; up to ~20 min on a loaded machine).
    timeout: 30 * MINUTE,
    together: 'integration',
    lane: 'a',
  },
  {
    name: 'integration-postgresql',
    aliases: ['integration', 'postgresql', 'postgres', 'pg'],
    title: 'Integration, PostgreSQL',
    kind: 'vitest',
    script: 'test:integration',
    env: { CRONBOARD_TEST_PROVIDER: 'postgresql' },
    // Side by side on 2 cores each takes longer than alone (~9 min alone in CI; up to ~20 min on a loaded machine).
    timeout: 30 * MINUTE,
    together: 'integration',
    lane: 'b',
    skipUnless: () => (process.env.TEST_DATABASE_URL_POSTGRES ? null : 'TEST_DATABASE_URL_POSTGRES is not set'),
  },
  { name: 'build', title: 'Build (next build)', kind: 'check', script: 'build', timeout: 15 * MINUTE, together: 'integration', lane: 'b' },
  { name: 'e2e', aliases: ['playwright'], title: 'End-to-end (Playwright)', kind: 'playwright', script: 'test:e2e', timeout: 20 * MINUTE },
];

// ---------------------------------------------------------------- arguments

function usage() {
  console.log(`Usage: node scripts/test-all.mjs [--only NAME,NAME...]

Suites, in the order they run:
${SUITES.map((s) => `  ${s.name.padEnd(24)} ${s.title}${s.aliases ? `   (also: ${s.aliases.join(', ')})` : ''}`).join('\n')}`);
}

function parseArgs(argv) {
  let only = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h' || arg === '--list') {
      usage();
      process.exit(0);
    } else if (arg === '--only') {
      only = argv[++i];
      if (!only) fatal('--only needs a comma-separated list of suites');
    } else if (arg.startsWith('--only=')) {
      only = arg.slice('--only='.length);
    } else {
      fatal(`unknown argument ${arg}`);
    }
  }
  if (only === null) return SUITES;
  const wanted = new Set();
  for (const word of only.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean)) {
    const matches = SUITES.filter((s) => s.name === word || s.aliases?.includes(word));
    if (matches.length === 0) fatal(`unknown suite "${word}"; known: ${SUITES.map((s) => s.name).join(', ')}`);
    for (const m of matches) wanted.add(m.name);
  }
  return SUITES.filter((s) => wanted.has(s.name));
}

function fatal(message) {
  console.log(`test-all: ${message}`);
  usage();
  // Still close with the line CI reads.
  console.log('0 passed, 1 failed');
  process.exit(2);
}

// ---------------------------------------------------------------- running

const running = new Set(); // the running children, for signal forwarding
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    for (const child of running) if (child.pid) killGroup(child.pid, 'SIGTERM');
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* the group is gone */
  }
}

/**
 * Runs `npm run -s SCRIPT -- ARGS` in its own process group; resolves with its
 * exit code. With `log` (a file descriptor) its output goes there, not to ours.
 */
function runScript(suite, extraArgs, extraEnv, log) {
  const args = ['run', '-s', suite.script, ...(extraArgs.length ? ['--', ...extraArgs] : [])];
  console.log(`$ npm ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(npm, args, {
      cwd: root,
      stdio: ['ignore', log ?? 'inherit', log ?? 'inherit'],
      // Colours through npm when we are on a terminal (some tools test FORCE_COLOR's presence, not its value).
      env: { ...process.env, ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } : {}), ...suite.env, ...extraEnv },
      detached: true, // own process group, so a timeout or Ctrl-C stops its whole tree
    });
    running.add(child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\ntest-all: ${suite.name} ran past ${suite.timeout / MINUTE} minutes; stopping it.`);
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000).unref();
    }, suite.timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: 1, timedOut, error });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      // Anything the suite left in its group (a stray server) goes with it.
      killGroup(child.pid, 'SIGKILL');
      resolve({ code: code ?? (signal ? 128 : 1), timedOut });
    });
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** @returns {Counts} */
function vitestCounts(report, code) {
  if (!report) return { passed: 0, failed: 1, skipped: 0, note: `no JSON report (exit ${code})` };
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A test file that failed to load has no failed test of its own: count it once.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  failed += brokenFiles;
  let note = brokenFiles ? `${brokenFiles} file(s) failed to run` : undefined;
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = `vitest exited ${code} (errors outside tests)`;
  }
  if (code === 0 && passed + failed === 0) note = 'no tests ran';
  const failures = (report.testResults ?? []).flatMap((file) => {
    const where = relative(root, file.name ?? '');
    const tests = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    if (tests.length === 0 && file.status === 'failed') return [`${where}: ${firstLine(file.message)}`];
    return tests.map((a) => `${where} › ${a.fullName ?? a.title}: ${firstLine(a.failureMessages?.[0])}`);
  });
  return { passed, failed, skipped, note, failures };
}

function firstLine(text) {
  const line = String(text ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 300);
}

/** @returns {Counts} */
function playwrightCounts(report, code) {
  if (!report?.stats) return { passed: 0, failed: 1, skipped: 0, note: `no JSON report (exit ${code})` };
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  let failed = unexpected;
  let note = flaky ? `${flaky} flaky (passed on retry)` : undefined;
  const errors = report.errors?.length ?? 0;
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = errors ? `${errors} error(s) outside tests (setup, web server)` : `playwright exited ${code}`;
  }
  if (code === 0 && expected + flaky === 0) {
    failed += 1;
    note = 'no e2e test ran';
  }
  const failures = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? [])
        if (test.status === 'unexpected') {
          const error = test.results?.at(-1)?.error?.message;
          failures.push(`${spec.file}:${spec.line} › ${spec.title}: ${firstLine(stripVTControlCharacters(error ?? ''))}`);
        }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return { passed: expected + flaky, failed, skipped, note, failures };
}

// ---------------------------------------------------------------- Chromium

/** Where Playwright keeps its browsers (same rules as playwright-core). */
function playwrightBrowsersDir() {
  const env = process.env.PLAYWRIGHT_BROWSERS_PATH;
  if (env === '0') return join(root, 'node_modules', 'playwright-core', '.local-browsers');
  if (env) return env;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return process.platform === 'darwin' ? join(homedir(), 'Library', 'Caches', 'ms-playwright') : join(cache, 'ms-playwright');
}

/** A Playwright-bundled Chromium of the installed Playwright's revision, if any. */
function bundledChromium() {
  const manifest = readJson(join(root, 'node_modules', 'playwright-core', 'browsers.json'));
  const dir = playwrightBrowsersDir();
  if (!manifest || !existsSync(dir)) return null;
  for (const name of ['chromium-headless-shell', 'chromium']) {
    const revision = manifest.browsers?.find((b) => b.name === name)?.revision;
    const folder = join(dir, `${name.replaceAll('-', '_')}-${revision}`);
    if (revision && existsSync(join(folder, 'INSTALLATION_COMPLETE'))) return folder;
  }
  return null;
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

function findChromium() {
  return bundledChromium() ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : null);
}

/** Makes sure a Chromium exists for the e2e suite; returns a failure message or null. */
function ensureChromium() {
  let found = findChromium();
  if (found) {
    console.log(`Chromium for e2e: ${found}`);
    return null;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('No Chromium found (neither Playwright\'s own nor /usr/bin/chromium): installing Debian\'s chromium package…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (update.status === 0) spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
    found = findChromium();
    if (found) {
      console.log(`Chromium for e2e: ${found}`);
      return null;
    }
  }
  return isRoot
    ? 'no Chromium: Playwright has no browser installed, /usr/bin/chromium is absent, and `apt-get install chromium` did not provide it'
    : 'no Chromium: Playwright has no browser installed and /usr/bin/chromium is absent; install it with `sudo apt-get install chromium` (Debian/Ubuntu) and run again';
}

// ---------------------------------------------------------------- output

const bar = '='.repeat(78);

function banner(text) {
  console.log(`\n${bar}\n== ${text}\n${bar}`);
}

function postgresWarning() {
  const lines = [
    'PostgreSQL integration tests were SKIPPED: TEST_DATABASE_URL_POSTGRES is not set.',
    '',
    'Cronboard supports SQLite AND PostgreSQL; only SQLite was tested in this run.',
    'To test PostgreSQL too, point TEST_DATABASE_URL_POSTGRES at a database whose role',
    'may create databases (the tests create and drop their own), e.g.:',
    '  sudo -u postgres createuser --createdb --pwprompt cronboard_test',
    '  sudo -u postgres createdb -O cronboard_test cronboard_test',
    '  export TEST_DATABASE_URL_POSTGRES=postgresql://cronboard_test:PASSWORD@localhost:5432/cronboard_test',
    '  npm test          (or only this suite: node scripts/test-all.mjs --only postgresql)',
    '.ci/run does all of this by itself.',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const edge = '!'.repeat(width + 8);
  console.log(`\n${edge}\n${lines.map((l) => `!!! ${l.padEnd(width)} !!!`).join('\n')}\n${edge}\n`);
}

function formatDuration(ms) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function printTable(results) {
  const rows = results.map((r) => [
    r.title,
    r.status,
    String(r.passed),
    String(r.failed),
    String(r.skipped),
    r.ms === undefined ? '-' : formatDuration(r.ms),
    r.note ?? '',
  ]);
  const head = ['Suite', 'Result', 'Passed', 'Failed', 'Skipped', 'Time', 'Note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(`\n${bar}\n== Summary\n${bar}`);
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

// ---------------------------------------------------------------- main

async function runSuite(suite, results, { logPath } = {}) {
  const started = Date.now();
  const record = (status, counts) => {
    const ms = Date.now() - started;
    results.push({ name: suite.name, title: suite.title, status, ...counts, ms });
    const parts = [`${counts.passed} passed`, `${counts.failed} failed`, ...(counts.skipped ? [`${counts.skipped} skipped`] : [])];
    console.log(`\n--> ${suite.name}: ${status} (${parts.join(', ')}; ${formatDuration(ms)})${counts.note ? ` — ${counts.note}` : ''}`);
  };

  const skipReason = suite.skipUnless?.();
  if (skipReason) {
    banner(`${suite.title}: SKIPPED (${skipReason})`);
    if (suite.name === 'integration-postgresql') postgresWarning();
    results.push({ name: suite.name, title: suite.title, status: 'SKIPPED', passed: 0, failed: 0, skipped: 1, note: skipReason });
    return;
  }

  banner(logPath ? `${suite.title}: started beside another suite; its output follows when it ends (${relative(root, logPath)})` : suite.title);
  if (suite.name === 'e2e') {
    const build = results.find((r) => r.name === 'build');
    if (build && build.failed > 0) {
      console.log('The build failed, so the e2e tests cannot run against it.');
      record('FAILED', { passed: 0, failed: 1, skipped: 0, note: 'not run: the build failed' });
      return;
    }
    const problem = ensureChromium();
    if (problem) {
      console.error(`test-all: e2e FAILED: ${problem}`);
      record('FAILED', { passed: 0, failed: 1, skipped: 0, note: problem.split(':')[0] });
      return;
    }
  }

  let counts;
  let outcome;
  const log = logPath ? openSync(logPath, 'w') : undefined;
  if (suite.kind === 'check') {
    outcome = await runScript(suite, [], {}, log);
    counts = outcome.code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0, note: `exit ${outcome.code}` };
  } else if (suite.kind === 'vitest') {
    const file = join(outDir, `${suite.name}.json`);
    rmSync(file, { force: true });
    outcome = await runScript(suite, ['--reporter=default', '--reporter=json', `--outputFile.json=${file}`], {}, log);
    counts = vitestCounts(readJson(file), outcome.code);
  } else {
    const file = join(outDir, `${suite.name}.json`);
    rmSync(file, { force: true });
    outcome = await runScript(suite, ['--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_FILE: file }, log);
    counts = playwrightCounts(readJson(file), outcome.code);
  }
  if (log !== undefined) {
    closeSync(log);
    banner(`${suite.title}: output`);
    process.stdout.write(readFileSync(logPath, 'utf8'));
  }
  if (outcome.timedOut) {
    counts = { ...counts, failed: Math.max(counts.failed, 1), note: `timed out after ${suite.timeout / MINUTE} min` };
  }
  if (interrupted) counts = { ...counts, failed: Math.max(counts.failed, 1), note: 'interrupted' };
  if (outcome.error) counts = { ...counts, failed: Math.max(counts.failed, 1), note: String(outcome.error.message) };
  record(counts.failed > 0 ? 'FAILED' : 'ok', counts);
}

async function main() {
  const suites = parseArgs(process.argv.slice(2));
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir)) if (stale.endsWith('.json') || stale.endsWith('.log')) rmSync(join(outDir, stale), { force: true });
  if (!existsSync(join(root, 'node_modules'))) {
    console.error('test-all: node_modules is missing; run `npm install` (or `npm test`, which installs first).');
  }

  const results = [];
  const serial = Boolean(process.env.TEST_ALL_SERIAL);
  const done = new Set();
  for (const suite of suites) {
    if (done.has(suite)) continue;
    if (interrupted) {
      results.push({ name: suite.name, title: suite.title, status: 'FAILED', passed: 0, failed: 1, skipped: 0, note: 'not run: interrupted' });
      continue;
    }
    // Suites marked to run together start side by side, lane by lane (when more than one lane would run).
    const group = serial || !suite.together ? [suite] : suites.filter((s) => s.together === suite.together && !done.has(s));
    for (const s of group) done.add(s);
    const lanes = [];
    for (const s of group.filter((g) => !g.skipUnless?.())) {
      const lane = lanes.find((l) => (l[0].lane ?? l[0].name) === (s.lane ?? s.name));
      if (lane) lane.push(s);
      else lanes.push([s]);
    }
    if (lanes.length > 1) {
      for (const skipped of group.filter((s) => s.skipUnless?.())) await runSuite(skipped, results);
      await Promise.all(
        lanes.map(async (lane) => {
          for (const s of lane) {
            if (interrupted) break;
            await runSuite(s, results, { logPath: join(outDir, `${s.name}.log`) });
          }
        }),
      );
      continue;
    }
    for (const s of group) await runSuite(s, results);
  }
  results.sort((a, b) => SUITES.findIndex((s) => s.name === a.name) - SUITES.findIndex((s) => s.name === b.name));

  printTable(results);
  if (results.some((r) => r.name === 'integration-postgresql' && r.status === 'SKIPPED')) postgresWarning();
  const total = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), {
    passed: 0,
    failed: 0,
    skipped: 0,
  });
  const failures = results.flatMap((r) => (r.failures ?? []).map((f) => `  [${r.name}] ${f}`));
  if (failures.length) console.log(`\nFailed tests:\n${failures.join('\n')}`);
  const failedSuites = results.filter((r) => r.failed > 0).map((r) => r.name);
  console.log(failedSuites.length ? `\nFailed suites: ${failedSuites.join(', ')}` : '\nNo suite failed.');
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  process.exitCode = total.failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error('test-all crashed:', error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
