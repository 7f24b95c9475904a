// `npm start`'s demo in Chromium: the built host with --demo seeds its own folder beside the data
// folder, with the vendor sandboxes running, and every pane of the war room shows the story.
// Screenshots at 1440×900 in both themes, pane by pane and all together, for people to look at.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { SANDBOX_KINDS } from '../../main/core/demo/sandbox';
import { startAllFakes, type Fakes } from '../fakes';
import { expect, SCREENSHOT_DIR, startBuiltHost, test } from './fixtures';

const SHOTS = process.env.DEMO_SHOTS_DIR ?? path.join(SCREENSHOT_DIR, 'demo');

async function fakesOnConsecutivePorts(): Promise<{ fakes: Fakes; base: number }> {
  let lastErr: unknown;
  for (let attempt = 0; attempt < 10; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    try {
      return { fakes: await startAllFakes({ ports: Object.fromEntries(SANDBOX_KINDS.map((k, i) => [k, base + i])) }), base };
    } catch (err) {
      lastErr = err;
    }
  }
  throw lastErr;
}

const PANES = ['Timeline', 'Roles', 'Time-boxes', 'Dependency map', 'Evidence vault', 'Outbox', 'Integrations'] as const;
type PaneTitle = (typeof PANES)[number];
const pane = (page: Page, title: PaneTitle) => page.getByRole('region', { name: title, exact: true }).first();

const PANE_KEYS: Record<PaneTitle, string> = { Timeline: 'Alt+1', Roles: 'Alt+2', 'Time-boxes': 'Alt+3', 'Dependency map': 'Alt+4', 'Evidence vault': 'Alt+6', Outbox: 'Alt+7', Integrations: 'Alt+8' };

/**
 * `titles` in front: each pane's shortcut opens it or brings its tab forward (areas hold several
 * panes as tabs when the window has no room for another column).
 */
/** The pane, brought to the front first if another tab of its area hides it. */
async function front(page: Page, title: PaneTitle) {
  if (!(await pane(page, title).isVisible())) await page.keyboard.press(PANE_KEYS[title]);
  await expect(pane(page, title)).toBeVisible();
  return pane(page, title);
}

async function show(page: Page, titles: readonly PaneTitle[]) {
  for (const t of titles) {
    await page.keyboard.press(PANE_KEYS[t]);
    await expect(pane(page, t)).toBeVisible();
  }
}

async function shoot(page: Page, name: string) {
  for (const theme of ['dark', 'light'] as const) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`) });
  }
}

test('the demo fills every pane of the war room, in its own folder', async ({ page }) => {
  test.setTimeout(120_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const { fakes, base } = await fakesOnConsecutivePorts();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-e2e-demo-'));
  const host = await startBuiltHost({ dataDir, args: ['--demo', '--demo-sandbox', String(base)] });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(host.url);
    const welcome = page.getByRole('dialog', { name: 'Welcome to Command Post' });
    await welcome.getByLabel('Display name').fill('Grace Hopper');
    await welcome.getByLabel('Handle').fill('grace.h');
    await page.keyboard.press('Enter');
    await expect(welcome).toBeHidden();

    // The demo folder is beside the one given, which stays empty.
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText(`${dataDir}-demo`);
    expect(fs.readdirSync(dataDir)).toEqual([]);

    const header = page.getByRole('region', { name: /^Incident INC-/ });
    await expect(header.getByRole('heading', { level: 1 })).toHaveText('Checkout API returning 502s in eu-west-1');
    await expect(header.getByText(/EXERCISE — this is a drill/)).toBeVisible();
    await expect(header.getByText('SEV-1', { exact: true })).toBeVisible();

    await show(page, ['Timeline', 'Roles']);
    await expect(await front(page, 'Timeline')).toContainText('Scribe drafting the post-mortem skeleton');
    await expect(await front(page, 'Roles')).toContainText('Dana Whitfield');
    await expect(await front(page, 'Roles')).toContainText('Sam Okafor');
    await shoot(page, 'demo-timeline-roles');

    await show(page, ['Time-boxes', 'Dependency map']);
    await expect(await front(page, 'Time-boxes')).toContainText('Rollback to 2026.11.24-2 brings checkout 5xx under 1%');
    await expect(await front(page, 'Time-boxes')).toContainText('Support macro for customers whose EU card payment failed');
    await expect(await front(page, 'Time-boxes')).toContainText('Status update');
    await expect(await front(page, 'Dependency map')).toContainText('Payments gateway');
    await shoot(page, 'demo-timers-map');

    await show(page, ['Evidence vault', 'Outbox']);
    await expect(await front(page, 'Evidence vault')).toContainText('payments-gateway-pool.log');
    await expect(await front(page, 'Evidence vault')).toContainText('rollback-steps.csv');
    // What the sandboxes received, as the outbox records it (delivered by the host's own engine).
    await expect.poll(async () => (await host.api('outbox:list', { limit: 500 })).filter((i) => i.state === 'delivered').length, { timeout: 30_000 }).toBeGreaterThan(10);
    expect(fakes.slack.effects.log.length).toBeGreaterThan(0);
    expect(fakes.pagerduty.effects.log).toEqual([]);
    await (await front(page, 'Outbox')).getByRole('tab', { name: 'Delivered', exact: true }).click();
    await expect(await front(page, 'Outbox')).toContainText('slack');
    await shoot(page, 'demo-vault-outbox');

    await show(page, ['Integrations', 'Timeline']);
    await expect(await front(page, 'Integrations')).toContainText('slack');
    await shoot(page, 'demo-integrations');

    await show(page, PANES);
    await shoot(page, 'demo-all-panes');
  } finally {
    await host.stop();
    await fakes.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}-demo`, { recursive: true, force: true });
  }
});
