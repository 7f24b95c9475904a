// `npm test`: typecheck, lint, build, unit + integration + renderer (vitest), end-to-end (Playwright
// + Chromium), then ONE closing line "N passed, N failed, N skipped" summed over every runner.
// Typecheck, lint and build count as one test each. What makes a run green is decided by
// scripts/testReport.mjs (skips under CI, missing Chromium, suites that shrink).
// `node scripts/test.mjs --update-minimums` records the suites' current sizes after a green run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isTruthyCi } from './ci.mjs';
import { playwrightTests, verdict } from './testReport.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reports = path.join(root, '.reports');
fs.mkdirSync(reports, { recursive: true });
const ci = isTruthyCi(process.env.CI);

// Children see one spelling, so tests and fixtures need not re-parse the variable.
const childEnv = { ...process.env };
if (ci) childEnv.CI = 'true';
else delete childEnv.CI;

function step(label, cmd, args, env = {}) {
  process.stdout.write(`\n▶ ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...childEnv, ...env } });
  return r.status === 0;
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

const steps = [];
steps.push({ name: 'typecheck', ok: step('typecheck', node, ['scripts/typecheck.mjs']) });
steps.push({ name: 'lint', ok: step('lint', bin('eslint'), ['--max-warnings', '0', '.']) });
// Build first: the unit tests check the built preload bundle and the end-to-end tests serve out/.
const built = step('build', bin('electron-vite'), ['build']);
steps.push({ name: 'build', ok: built });

const vitestJson = path.join(reports, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
const vitestOk = step('unit + integration + renderer', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);

/** How many tests Playwright would run, from its own listing (needs no browser). */
function listE2e() {
  const r = spawnSync(bin('playwright'), ['test', '--list', '--reporter=json'], { cwd: root, env: childEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  try {
    return playwrightTests(JSON.parse(r.stdout)).length;
  } catch {
    return 0;
  }
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let e2e = 'ran';
let playwright = null;
let playwrightOk = false;
let e2eListed = 0;
if (!fs.existsSync(chromium)) {
  e2e = 'no-chromium';
  e2eListed = listE2e();
  process.stdout.write(`\n!!! end-to-end tests NOT run: no Chromium at ${chromium} (said again at the end).\n`);
} else if (!built) {
  e2e = 'not-built';
  e2eListed = listE2e();
} else {
  const pwJson = path.join(reports, 'playwright.json');
  fs.rmSync(pwJson, { force: true });
  playwrightOk = step('end-to-end (Chromium)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  playwright = readJson(pwJson);
}

const minimumsFile = path.join(root, 'test', 'minimums.json');
const result = verdict({
  root,
  ci,
  steps,
  vitest: readJson(vitestJson),
  vitestOk,
  e2e,
  playwright,
  playwrightOk,
  e2eListed,
  allowedSkips: readJson(path.join(root, 'test', 'allowed-skips.json')) ?? [],
  minimums: readJson(minimumsFile) ?? {},
  chromiumPath: chromium,
});

if (result.skipped.length) process.stdout.write(`\nSkipped tests (${result.skipped.length}):\n${result.skipped.map((t) => `  - ${t}`).join('\n')}\n`);
process.stdout.write(`\nSuite sizes: ${Object.entries(result.suites).map(([s, n]) => `${s} ${n}`).join(', ')}\n`);
if (process.argv.includes('--update-minimums')) {
  if (result.totals.failed === 0) {
    fs.writeFileSync(minimumsFile, `${JSON.stringify(result.suites, null, 2)}\n`);
    process.stdout.write(`Recorded these sizes in ${path.relative(root, minimumsFile)}.\n`);
  } else process.stdout.write('Minimums not recorded: the run failed.\n');
}
if (result.failures.length) process.stdout.write(`\nFailures: ${result.failures.join('; ')}\n`);
if (result.e2eNotice) process.stdout.write(`\n${'!'.repeat(100)}\n!!! ${result.e2eNotice}\n${'!'.repeat(100)}\n`);
const { passed, failed, skipped } = result.totals;
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 ? 0 : 1);
