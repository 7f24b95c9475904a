// The verdict of `npm test`, as a pure function of what the runners reported, so the rules that keep a
// green run honest are themselves tested (test/unit/scripts/testReport.test.ts).
//
// Under CI (any truthy CI variable):
// - every skipped test fails the run unless test/allowed-skips.json names it with a reason;
// - a missing Chromium fails the run with one failure per end-to-end test it would have run.
// Everywhere: each suite must hold at least the number of tests recorded in test/minimums.json, so a
// suite that silently shrinks (a file that stops matching, a describe that stops running) fails.
import path from 'node:path';

export const SUITES = ['unit', 'integration', 'renderer', 'e2e'];

/** Titles of the tests in a Playwright JSON report (or listing), with each test's status. */
export function playwrightTests(report) {
  const out = [];
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) out.push({ title: [...trail, spec.title].join(' › '), status: t.status ?? 'listed' });
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const s of report?.suites ?? []) walk(s, [s.title]);
  return out;
}

/**
 * @param {object} r
 * @param {string} r.root repository root (vitest reports absolute file names)
 * @param {boolean} r.ci
 * @param {{ name: string, ok: boolean }[]} r.steps typecheck, lint, build: one test each
 * @param {object|null} r.vitest vitest's JSON report, null when it produced none
 * @param {boolean} r.vitestOk vitest's exit status was 0
 * @param {'ran'|'no-chromium'|'not-built'} r.e2e what happened to the end-to-end stage
 * @param {object|null} r.playwright Playwright's JSON report when it ran
 * @param {boolean} r.playwrightOk
 * @param {number} r.e2eListed tests Playwright lists (used when the stage did not run)
 * @param {{ test: string, reason: string }[]} r.allowedSkips
 * @param {Record<string, number>} r.minimums
 * @param {string} [r.chromiumPath] where Chromium was looked for
 */
export function verdict(r) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  const suites = Object.fromEntries(SUITES.map((s) => [s, 0]));
  const skipped = [];

  for (const s of r.steps) {
    if (s.ok) totals.passed++;
    else {
      totals.failed++;
      failures.push(s.name);
    }
  }

  const v = r.vitest;
  if (v) {
    totals.passed += v.numPassedTests ?? 0;
    totals.failed += v.numFailedTests ?? 0;
    totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
    let brokenFiles = 0;
    for (const file of v.testResults ?? []) {
      const rel = path.relative(r.root, file.name).split(path.sep).join('/');
      const suite = rel.split('/')[1];
      const assertions = file.assertionResults ?? [];
      if (suite in suites) suites[suite] += assertions.length;
      for (const a of assertions) if (['pending', 'skipped', 'todo'].includes(a.status)) skipped.push(`${rel} › ${a.fullName}`);
      // A file that failed to load has no failed tests but did fail.
      if (file.status === 'failed' && assertions.every((a) => a.status !== 'failed')) brokenFiles++;
    }
    if (brokenFiles) {
      totals.failed += brokenFiles;
      failures.push(`${brokenFiles} vitest file(s) failed to run`);
    }
    if (!r.vitestOk && (v.numFailedTests ?? 0) === 0 && brokenFiles === 0) {
      totals.failed++;
      failures.push('vitest exited non-zero');
    }
  } else {
    totals.failed++;
    failures.push('vitest produced no report');
  }

  if (r.e2e === 'ran') {
    const p = r.playwright;
    if (p?.stats) {
      totals.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
      totals.failed += p.stats.unexpected ?? 0;
      totals.skipped += p.stats.skipped ?? 0;
      suites.e2e += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0) + (p.stats.unexpected ?? 0) + (p.stats.skipped ?? 0);
      for (const t of playwrightTests(p)) if (t.status === 'skipped') skipped.push(`test/e2e › ${t.title}`);
      if (!r.playwrightOk && (p.stats.unexpected ?? 0) === 0) {
        totals.failed++;
        failures.push('playwright exited non-zero');
      }
    } else {
      totals.failed++;
      failures.push('playwright produced no report');
    }
  } else {
    suites.e2e += r.e2eListed;
    if (r.e2e === 'no-chromium' && r.ci) {
      totals.failed += Math.max(1, r.e2eListed);
      failures.push(`${noChromium(r)}; CI must run all ${r.e2eListed} of them`);
    } else {
      totals.skipped += r.e2eListed;
      if (r.e2e === 'not-built') {
        totals.failed++;
        failures.push(`end-to-end: ${r.e2eListed} tests not run because the build failed`);
      }
    }
  }

  if (r.ci) {
    const unexplained = skipped.filter((t) => !r.allowedSkips.some((a) => a.test && a.reason && t.includes(a.test)));
    if (unexplained.length) {
      totals.failed += unexplained.length;
      failures.push(`${unexplained.length} test(s) skipped under CI without an entry (test and reason) in test/allowed-skips.json: ${unexplained.join('; ')}`);
    }
  }

  for (const suite of SUITES) {
    const min = r.minimums[suite] ?? 0;
    if (suites[suite] < min) {
      totals.failed++;
      failures.push(`suite ${suite} has ${suites[suite]} tests, fewer than the ${min} recorded in test/minimums.json (lower it in the commit that removes tests, and say why)`);
    }
  }
  // Said last and loudly wherever the end-to-end tests did not run for want of Chromium.
  const e2eNotice = r.e2e === 'no-chromium' ? `${noChromium(r)}${r.ci ? '' : `; ${r.e2eListed} counted as skipped`}` : null;
  return { totals, failures, suites, skipped, e2eNotice };
}

/** The one sentence for a missing Chromium. */
function noChromium(r) {
  return `end-to-end tests NOT run: no Chromium at ${r.chromiumPath ?? '/usr/bin/chromium'} — install it with \`apt-get install chromium\` (or set CHROMIUM_PATH)`;
}
