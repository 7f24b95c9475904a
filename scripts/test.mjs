// `npm test`: typecheck, lint, build, unit + integration + renderer (vitest), end-to-end (Playwright
// + Chromium), then ONE closing line "N passed, N failed, N skipped" summed over every runner.
// Typecheck, lint and build count as one test each.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reports = path.join(root, '.reports');
fs.mkdirSync(reports, { recursive: true });
const ci = process.env.CI === 'true';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(label, cmd, args, env = {}) {
  process.stdout.write(`\n▶ ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function single(label, ok) {
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const node = process.execPath;
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

single('typecheck', step('typecheck', node, ['scripts/typecheck.mjs']));
single('lint', step('lint', bin('eslint'), ['--max-warnings', '0', '.']));

// Build first: the unit tests check the built preload bundle and the end-to-end tests serve out/.
const built = step('build', bin('electron-vite'), ['build']);
single('build', built);

// Vitest: unit, integration and renderer projects in one run.
const vitestJson = path.join(reports, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
const vitestOk = step('unit + integration + renderer', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  totals.passed += v.numPassedTests ?? 0;
  totals.failed += v.numFailedTests ?? 0;
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A suite that failed to load has no failed tests but did fail.
  const brokenSuites = (v.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
  if (brokenSuites) {
    totals.failed += brokenSuites;
    failures.push(`${brokenSuites} vitest file(s) failed to run`);
  }
  if (!vitestOk && (v.numFailedTests ?? 0) === 0 && brokenSuites === 0) {
    totals.failed++;
    failures.push('vitest exited non-zero');
  }
} else {
  totals.failed++;
  failures.push('vitest produced no report');
}

// End-to-end needs the built app and Chromium.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  if (ci) {
    totals.failed++;
    failures.push(`end-to-end: Chromium not found at ${chromium} (CI=true requires it)`);
  } else {
    process.stdout.write(`\n!!! SKIPPING END-TO-END TESTS: no Chromium at ${chromium}. Install it (apt-get install chromium) or set CHROMIUM_PATH.\n`);
    totals.skipped++;
  }
} else if (built) {
  const pwJson = path.join(reports, 'playwright.json');
  fs.rmSync(pwJson, { force: true });
  const pwOk = step('end-to-end (Chromium)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  const p = readJson(pwJson);
  if (p?.stats) {
    totals.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
    totals.failed += p.stats.unexpected ?? 0;
    totals.skipped += p.stats.skipped ?? 0;
    if (!pwOk && (p.stats.unexpected ?? 0) === 0) {
      totals.failed++;
      failures.push('playwright exited non-zero');
    }
  } else {
    totals.failed++;
    failures.push('playwright produced no report');
  }
}

if (failures.length) process.stdout.write(`\nFailures: ${failures.join('; ')}\n`);
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed === 0 ? 0 : 1);
