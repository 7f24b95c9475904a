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
const pane = (page: Page, title: PaneTitle) => page.locator('section.pane[aria-labelledby]').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

const PANE_IDS: Record<PaneTitle, string> = { Timeline: 'timeline', Roles: 'roles', 'Time-boxes': 'timers', 'Dependency map': 'depmap', 'Evidence vault': 'vault', Outbox: 'outbox', Integrations: 'integrations' };
const openPanes = (page: Page) => page.locator('section.pane[data-pane]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.pane ?? ''));

/** Exactly `titles` open, checked against the panes on screen. */
async function show(page: Page, titles: readonly PaneTitle[]) {
  const want = titles.map((t) => PANE_IDS[t]).sort();
  for (let round = 0; round < 3 && JSON.stringify([...(await openPanes(page))].sort()) !== JSON.stringify(want); round++) {
    // Open first: the last open pane has no close button.
    for (const t of titles) if (!(await openPanes(page)).includes(PANE_IDS[t])) await page.getByRole('toolbar', { name: 'Panes' }).getByRole('button', { name: `+ ${t}` }).click();
    for (const t of PANES) if (!titles.includes(t) && (await openPanes(page)).includes(PANE_IDS[t])) await page.getByRole('button', { name: `Close ${t} pane`, exact: true }).click();
  }
  await expect.poll(async () => [...(await openPanes(page))].sort()).toEqual(want);
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
    await expect(pane(page, 'Timeline')).toContainText('Scribe drafting the post-mortem skeleton');
    await expect(pane(page, 'Roles')).toContainText('Dana Whitfield');
    await expect(pane(page, 'Roles')).toContainText('Sam Okafor');
    await shoot(page, 'demo-timeline-roles');

    await show(page, ['Time-boxes', 'Dependency map']);
    await expect(pane(page, 'Time-boxes')).toContainText('Rollback to 2026.11.24-2 brings checkout 5xx under 1%');
    await expect(pane(page, 'Time-boxes')).toContainText('Support macro for customers whose EU card payment failed');
    await expect(pane(page, 'Time-boxes')).toContainText('Status update');
    await expect(pane(page, 'Dependency map')).toContainText('Payments gateway');
    await shoot(page, 'demo-timers-map');

    await show(page, ['Evidence vault', 'Outbox']);
    await expect(pane(page, 'Evidence vault')).toContainText('payments-gateway-pool.log');
    await expect(pane(page, 'Evidence vault')).toContainText('rollback-steps.csv');
    // What the sandboxes received, as the outbox records it (delivered by the host's own engine).
    await expect.poll(async () => (await host.api('outbox:list', { limit: 500 })).filter((i) => i.state === 'delivered').length, { timeout: 30_000 }).toBeGreaterThan(10);
    expect(fakes.slack.effects.log.length).toBeGreaterThan(0);
    expect(fakes.pagerduty.effects.log).toEqual([]);
    await pane(page, 'Outbox').getByRole('tab', { name: 'Delivered', exact: true }).click();
    await expect(pane(page, 'Outbox')).toContainText('slack');
    await shoot(page, 'demo-vault-outbox');

    await show(page, ['Integrations', 'Timeline']);
    await expect(pane(page, 'Integrations')).toContainText('slack');
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
