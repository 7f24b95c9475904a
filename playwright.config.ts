// End-to-end tests: Debian's Chromium against the BUILT browser host (run `npm run build` first).
// Without /usr/bin/chromium the tests are skipped loudly, except under CI where they must run.
import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_AVAILABLE = fs.existsSync(CHROMIUM_PATH);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/artifacts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]] : [['list']],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    // Timed specs (*.perf.spec.ts) run after all the others have finished (passed or not), alone, so
    // a parallel test cannot skew their figures: Playwright runs a project's teardown project last.
    { name: 'chromium', use: { browserName: 'chromium' }, testIgnore: /\.perf\.spec\.ts$/, teardown: 'perf' },
    { name: 'perf', use: { browserName: 'chromium' }, testMatch: /\.perf\.spec\.ts$/, fullyParallel: false, workers: 1 },
  ],
});
