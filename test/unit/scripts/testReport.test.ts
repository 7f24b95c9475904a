// The rules that keep a green `npm test` honest, against report shapes as vitest and Playwright write them.
import { describe, expect, it } from 'vitest';
import { verdict } from '../../../scripts/testReport.mjs';

const root = '/repo';
const file = (p: string, statuses: string[]) => ({
  name: `${root}/${p}`,
  status: statuses.includes('failed') ? 'failed' : 'passed',
  assertionResults: statuses.map((s, i) => ({ fullName: `case ${i}`, status: s })),
});
function vitest(files: ReturnType<typeof file>[]) {
  const all = files.flatMap((f) => f.assertionResults);
  return {
    numPassedTests: all.filter((a) => a.status === 'passed').length,
    numFailedTests: all.filter((a) => a.status === 'failed').length,
    numPendingTests: all.filter((a) => a.status === 'pending' || a.status === 'skipped').length,
    numTodoTests: 0,
    testResults: files,
  };
}
const playwright = (statuses: string[]) => ({
  stats: {
    expected: statuses.filter((s) => s === 'expected').length,
    unexpected: statuses.filter((s) => s === 'unexpected').length,
    skipped: statuses.filter((s) => s === 'skipped').length,
    flaky: 0,
  },
  suites: [{ title: 'a.spec.ts', specs: statuses.map((s, i) => ({ title: `spec ${i}`, tests: [{ status: s }] })), suites: [] }],
});
const base = {
  root,
  ci: false,
  steps: [
    { name: 'typecheck', ok: true },
    { name: 'lint', ok: true },
    { name: 'build', ok: true },
  ],
  vitest: vitest([file('test/unit/a.test.ts', ['passed', 'passed']), file('test/integration/b.test.ts', ['passed'])]),
  vitestOk: true,
  e2e: 'ran' as const,
  playwright: playwright(['expected', 'expected']),
  playwrightOk: true,
  e2eListed: 2,
  allowedSkips: [],
  minimums: {},
};

describe('npm test verdict', () => {
  it('counts each step and every test, by suite', () => {
    const r = verdict(base);
    expect(r.totals).toEqual({ passed: 8, failed: 0, skipped: 0 });
    expect(r.suites).toEqual({ unit: 2, integration: 1, renderer: 0, e2e: 2 });
  });

  it('fails in CI when Chromium is missing, one failure per end-to-end test', () => {
    const r = verdict({ ...base, ci: true, e2e: 'no-chromium', playwright: null, e2eListed: 7 });
    expect(r.totals.failed).toBe(7);
    expect(r.failures.join()).toMatch(/no Chromium/);
    // One sentence that names the path and the install command.
    expect(r.failures).toEqual(['end-to-end tests NOT run: no Chromium at /usr/bin/chromium — install it with `apt-get install chromium` (or set CHROMIUM_PATH); CI must run all 7 of them']);
  });

  it('locally counts every end-to-end test as skipped when Chromium is missing, not one', () => {
    const r = verdict({ ...base, e2e: 'no-chromium', playwright: null, e2eListed: 7 });
    expect(r.totals).toEqual({ passed: 6, failed: 0, skipped: 7 });
    // And says so loudly instead of a quiet skip count.
    expect(verdict({ ...base, e2e: 'no-chromium', playwright: null, e2eListed: 7, chromiumPath: '/opt/chromium' }).e2eNotice).toBe(
      'end-to-end tests NOT run: no Chromium at /opt/chromium — install it with `apt-get install chromium` (or set CHROMIUM_PATH); 7 counted as skipped',
    );
    expect(verdict(base).e2eNotice).toBeNull();
  });

  it('fails in CI for a skipped test that the allow-list does not explain', () => {
    const v = vitest([file('test/unit/a.test.ts', ['passed', 'skipped'])]);
    expect(verdict({ ...base, vitest: v }).totals.failed).toBe(0);
    const r = verdict({ ...base, ci: true, vitest: v });
    expect(r.totals.failed).toBe(1);
    expect(r.failures.join()).toContain('test/unit/a.test.ts › case 1');
    expect(verdict({ ...base, ci: true, vitest: v, allowedSkips: [{ test: 'a.test.ts › case 1', reason: 'needs a GPU' }] }).totals.failed).toBe(0);
    // An entry without a reason explains nothing.
    expect(verdict({ ...base, ci: true, vitest: v, allowedSkips: [{ test: 'a.test.ts › case 1', reason: '' }] }).totals.failed).toBe(1);
  });

  it('fails in CI for a skipped end-to-end test too', () => {
    const r = verdict({ ...base, ci: true, playwright: playwright(['expected', 'skipped']) });
    expect(r.totals.failed).toBe(1);
    expect(r.skipped).toEqual(['test/e2e › a.spec.ts › spec 1']);
  });

  it('fails when a suite holds fewer tests than its recorded minimum', () => {
    const r = verdict({ ...base, minimums: { unit: 3, integration: 1 } });
    expect(r.totals.failed).toBe(1);
    expect(r.failures.join()).toMatch(/suite unit has 2 tests, fewer than the 3/);
  });

  it('fails when vitest exits non-zero with no failed test, or a file fails to load', () => {
    expect(verdict({ ...base, vitestOk: false }).totals.failed).toBe(1);
    const broken = vitest([{ name: `${root}/test/unit/x.test.ts`, status: 'failed', assertionResults: [] }]);
    expect(verdict({ ...base, vitest: broken, vitestOk: false }).failures.join()).toMatch(/failed to run/);
    expect(verdict({ ...base, vitest: null }).failures).toContain('vitest produced no report');
  });

  it('fails when the build failed and the end-to-end tests could not run', () => {
    const r = verdict({ ...base, steps: [{ name: 'build', ok: false }], e2e: 'not-built', playwright: null, e2eListed: 4 });
    expect(r.totals).toEqual({ passed: 3, failed: 2, skipped: 4 });
  });
});
