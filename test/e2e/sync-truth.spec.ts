// Truthful sync end to end in Chromium against the built host and the Slack and Statuspage fakes on
// 127.0.0.1: a SEV-1 declared with no integration says "Nobody paged" in the header and "Not routed"
// in the Outbox (never "everything has been sent"); Slack and Statuspage added after the declare
// are offered catching up; accepting sends the open and the current state, and a later status
// change reaches both fakes, each once. Screenshots of the Outbox and the header badge in both
// themes at 1366×768, 1440×900 and 1920×1080 go to /work/shots/i12-sync/ for people to look at.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { declareInUi, expect, test } from './fixtures';
import { FAKE_CREDENTIALS as C } from '../fakes';
import { startSlackFake, type SlackFake } from '../fakes/slack';
import { startStatuspageFake, type StatuspageFake } from '../fakes/statuspage';

const SHOTS = process.env.SHOTS_DIR ?? '/work/shots/i12-sync';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

let slack: SlackFake;
let statuspage: StatuspageFake;
test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  slack = await startSlackFake();
  statuspage = await startStatuspageFake();
});
test.afterAll(async () => {
  await slack.close();
  await statuspage.close();
});

async function palette(page: Page, title: string) {
  await page.keyboard.press('Control+KeyK');
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox').or(dialog.getByLabel('Search commands')).first().fill(title);
  await dialog.getByRole('option', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
  await expect(dialog).toBeHidden();
}

/** Inside the viewport and the topmost element at its centre: visible, not clipped, not covered. */
async function expectUsable(page: Page, target: Locator) {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  const vp = page.viewportSize()!;
  expect(box, 'has a box').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(vp.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(vp.height);
  const hit = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return top !== null && (el === top || el.contains(top));
  });
  expect(hit, 'not covered at its centre').toBe(true);
}

// A change of screen-size class loads that size's layout, which may not hold the pane: open it from the palette.
const OUTBOX_KEY = 'Open Outbox pane';
const INTEGRATIONS_KEY = 'Open Integrations pane';

async function setTheme(page: Page, theme: 'dark' | 'light') {
  const now = await page.evaluate(() => document.documentElement.dataset.theme);
  if (now !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** Toasts stack over the panes' lower right corner for a while: the shots are of what stays. */
async function dismissToasts(page: Page) {
  const close = page.getByRole('button', { name: 'Dismiss message' });
  while ((await close.count()) > 0) await close.first().click();
}

/**
 * The header badge and the Outbox, both themes, every size. A narrower window folds areas into tabs,
 * so each target's pane is brought to the front (its shortcut) before it is checked.
 */
async function shoot(page: Page, stage: string, targets: Array<{ name: string; locator: Locator; pane?: string }>) {
  await dismissToasts(page);
  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const t of targets) {
        if (t.pane) await palette(page, t.pane);
        await expectUsable(page, t.locator);
      }
      await page.screenshot({ path: path.join(SHOTS, `${stage}-${theme}-${size.width}x${size.height}.png`) });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function addIntegration(page: Page, line: Record<string, unknown>) {
  await page.getByRole('button', { name: 'Add integration…' }).click();
  const form = page.getByRole('form', { name: 'Add an integration' });
  await form.getByLabel('Paste settings (optional)').fill(JSON.stringify(line));
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue(String(line.name));
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
}

test('no integration: "Nobody paged" and "Not routed"; integrations added later are caught up and receive later changes', async ({ page, host }) => {
  test.setTimeout(180_000);
  await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
  // Integration secrets need an unlocked key store; on this machine that is the passphrase store.
  await host.api('vault:create', { mode: 'passphrase', passphrase: 'e2e sandbox passphrase 2026' });
  await page.goto(host.url);

  // Declare a SEV-1 with no integration configured.
  const { header, humanId } = await declareInUi(page, 'Checkout returning 502s', 'SEV-1');

  // The header says nobody was paged, with a way to fix it.
  const badge = header.getByTestId('nobody-paged');
  await expect(badge).toContainText('Nobody paged — no paging integration');
  const configure = badge.getByRole('button', { name: 'Configure paging…' });
  await expectUsable(page, configure);
  // The status bar and the Outbox say "not routed", never "sent".
  const chip = page.getByTestId('sync-coverage-status');
  await expect(chip).toHaveText(`${humanId}: not routed`);
  await palette(page, 'Open Outbox pane');
  const truth = page.getByTestId('sync-coverage');
  await expect(truth).toContainText('Not routed: no integration configured');
  await expect(page.getByTestId('outbox-waiting').locator('xpath=..')).not.toContainText('everything has been sent');
  await expect(page.getByText('Nothing waiting, but not everything was routed: see above.')).toBeVisible();
  await shoot(page, 'no-integration', [
    { name: 'badge action', locator: configure },
    { name: 'outbox verdict', locator: truth, pane: OUTBOX_KEY },
  ]);

  // The incident moves on before anyone connects Slack or Statuspage.
  await host.api('incidents:set-status', { id: humanId, status: 'identified', note: 'bad deploy of checkout' });

  // "Configure paging…" opens the Integrations pane; Slack and Statuspage are added there.
  await configure.click();
  const integrations = page.getByRole('region', { name: 'Integrations', exact: true }).first();
  await expect(integrations.getByRole('button', { name: 'Add integration…' })).toBeVisible();
  await addIntegration(page, { kind: 'slack', name: 'slack', baseUrl: slack.url, settings: { perIncidentChannel: true }, secret: C.slack.token });
  await addIntegration(page, { kind: 'statuspage', name: 'statuspage', baseUrl: statuspage.url, settings: { pageId: C.statuspage.pageId }, secret: C.statuspage.apiKey });

  // Nothing reached them: the Outbox names why and offers the fix; so does the Integrations pane.
  await palette(page, OUTBOX_KEY);
  await expect(truth).toContainText(`Not routed: slack: Slack not opened for ${humanId} — catch up; statuspage: Statuspage not opened for ${humanId} — catch up`);
  expect(slack.channels.size).toBe(0);
  expect(statuspage.incidents).toHaveLength(0);
  const spOffer = page.getByTestId('catch-up-statuspage').getByRole('button', { name: `Open ${humanId} at Statuspage now` });
  await palette(page, INTEGRATIONS_KEY);
  await expect(spOffer).toBeVisible();
  await shoot(page, 'offered', [
    { name: 'statuspage offer', locator: spOffer, pane: INTEGRATIONS_KEY },
    { name: 'outbox verdict', locator: truth, pane: OUTBOX_KEY },
  ]);

  // Accept both offers (one incident each: no "all at once" button for a single incident).
  await palette(page, INTEGRATIONS_KEY);
  await expect(page.getByTestId('catch-up-slack').getByRole('button', { name: /^Catch up all/ })).toHaveCount(0);
  await spOffer.click();
  await page.getByTestId('catch-up-slack').getByRole('button', { name: `Open ${humanId} at Slack now` }).click();
  await expect(page.getByTestId('catch-up-slack')).toHaveCount(0);
  await expect(page.getByTestId('catch-up-statuspage')).toHaveCount(0);
  // The fakes receive the open and the current state.
  await expect.poll(() => statuspage.incidents.map((i) => `${i.status} ${i.impact}`), { timeout: 20_000 }).toEqual(['identified critical']);
  await expect.poll(() => [...slack.channels.values()].map((c) => c.messages.length), { timeout: 20_000 }).toEqual([1]);
  const channel = [...slack.channels.values()][0]!;
  expect(channel.name).toBe(`${humanId.toLowerCase()}-checkout-returning-502s`);
  expect(channel.messages[0]!.text).toContain(`${humanId} SEV-1 identified: Checkout returning 502s`);
  await palette(page, OUTBOX_KEY);
  await expect(truth).toHaveAttribute('data-verdict', 'sent', { timeout: 20_000 });
  await expect(truth).toContainText('Sent: 4 delivered to slack, statuspage.');
  await expect(chip).toHaveText(`${humanId}: sent`);
  await expect(page.getByText('Nothing waiting: everything has been sent.')).toBeVisible();

  // A later status change, made in the UI, reaches both.
  await header.getByRole('button', { name: /^Status identified\. Change status/ }).click();
  const dialog = page.getByRole('dialog', { name: `Change status of ${humanId}` });
  await dialog.getByRole('radio', { name: /monitoring/i }).check();
  await dialog.getByRole('button', { name: /^Set / }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => statuspage.incidents.map((i) => i.status), { timeout: 20_000 }).toEqual(['monitoring']);
  await expect.poll(() => channel.messages.length, { timeout: 20_000 }).toBe(2);
  await expect(truth).toContainText('Sent: 6 delivered to slack, statuspage.', { timeout: 20_000 });
  // Each effect exactly once at the fakes, counted by the vendors' own keys.
  for (const fake of [slack, statuspage]) expect([...fake.effects.counts.values()].every((n) => n === 1)).toBe(true);
  expect(statuspage.effects.counts.size).toBe(3); // create, identified, monitoring
  expect(slack.effects.counts.size).toBe(3); // channel, two posts
  // Still nobody paged: no pager was ever added, and the header keeps saying so.
  await expect(badge).toContainText('Nobody paged — no paging integration');
  await palette(page, 'Open Outbox pane');
  await shoot(page, 'sent', [
    { name: 'badge action', locator: configure },
    { name: 'outbox verdict', locator: truth, pane: OUTBOX_KEY },
  ]);
});
