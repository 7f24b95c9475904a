// Offline-first sync end to end in Chromium against the built host: with the vendors unreachable
// (fault proxies down) a SEV-1 is declared and updated in the UI and its pages/posts sit queued in
// the Outbox with the offline banner saying what is waiting; when the vendors come back everything
// is delivered, each effect exactly once at the fakes. Screenshots are kept for people to look at.
import path from 'node:path';
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { declareInUi, expect, SCREENSHOT_DIR, test } from './fixtures';
import { startFaultProxy, type FaultProxy } from '../fakes/faultProxy';
import { FAKE_CREDENTIALS as C, startAllFakes, type Fakes } from '../fakes';

// TEST ONLY: the host's sync clock runs 30× real time, so back-offs and reconnect probes are short.
test.use({ hostArgs: ['--sync-clock-rate', '30'] });

let fakes: Fakes;
const proxies: Record<string, FaultProxy> = {};
test.beforeAll(async () => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  fakes = await startAllFakes();
  for (const k of ['pagerduty', 'slack', 'webhook'] as const) {
    proxies[k] = await startFaultProxy({ target: fakes[k].url, seed: 1 });
    await proxies[k]!.setDown(true);
  }
});
test.afterAll(async () => {
  for (const p of Object.values(proxies)) await p.close();
  await fakes.close();
});

async function palette(page: Page, title: string) {
  await page.keyboard.press('Control+KeyK');
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox').or(dialog.getByLabel('Search commands')).first().fill(title);
  await dialog.getByRole('option', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
  await expect(dialog).toBeHidden();
}

async function effectCount(url: string, prefix: string): Promise<Record<string, number>> {
  const res = (await (await fetch(`${url}/__fake/effects`)).json()) as { effects: Record<string, number> };
  return Object.fromEntries(Object.entries(res.effects).filter(([k]) => k.startsWith(prefix)));
}

test('offline: a SEV-1 and its updates queue in the outbox; back online: delivered exactly once', async ({ page, host }) => {
  test.setTimeout(120_000);
  await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
  // Integration secrets need an unlocked key store; on this machine that is the passphrase store.
  await host.api('vault:create', { mode: 'passphrase', passphrase: 'e2e sandbox passphrase 2026' });
  await host.api('integrations:configure', { kind: 'pagerduty', name: 'pagerduty', baseUrl: proxies.pagerduty!.url, settings: {}, secret: C.pagerduty.routingKey });
  await host.api('integrations:configure', { kind: 'slack', name: 'slack', baseUrl: proxies.slack!.url, settings: { perIncidentChannel: true }, secret: C.slack.token });
  await host.api('integrations:configure', { kind: 'webhook', name: 'webhook', baseUrl: proxies.webhook!.url, settings: { path: C.webhook.path }, secret: C.webhook.secret });

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  // Declare through the UI.
  const { humanId } = await declareInUi(page, 'Checkout returning 502s', 'SEV-1');
  // Post updates through the composer.
  const composer = page.getByRole('form', { name: 'Add to timeline' }).locator('textarea');
  await composer.fill('Rolling back the 14:02 deploy of checkout');
  await composer.press('Enter');
  await composer.fill('Payments provider confirms no issue on their side');
  await composer.press('Enter');
  // Both entries are on the timeline: the first one typed after Declare is never lost.
  await expect(page.getByTestId('timeline-row').filter({ hasText: 'Rolling back the 14:02 deploy' })).toBeVisible();
  await expect(page.getByTestId('timeline-row').filter({ hasText: 'Payments provider confirms' })).toBeVisible();

  // The outbox shows everything queued, retrying, with the offline banner saying what waits.
  await palette(page, 'Open Outbox pane');
  const waiting = page.getByTestId('outbox-waiting');
  await expect(waiting.getByTestId('outbox-row').first()).toBeVisible();
  await expect(page.getByTestId('offline-banner').first()).toContainText(/Offline: .*1 page.*queued for/, { timeout: 20_000 });
  await expect(waiting.getByTestId('outbox-row').filter({ hasText: 'Retrying' }).first()).toContainText(/next attempt/);
  // The list refreshes as routing writes rows: wait for the outbox to hold everything routed while
  // offline (page, channel, Slack posts, webhook deliveries), then for the pane to show all of it.
  await expect.poll(async () => (await host.api('outbox:list', {})).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
  const queued = (await host.api('outbox:list', {})).length;
  await expect(waiting.getByTestId('outbox-row')).toHaveCount(queued);
  expect(Object.keys(await effectCount(fakes.pagerduty.url, 'trigger:'))).toHaveLength(0);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'sync-offline-queued-dark.png') });

  // The vendors come back: everything drains by itself.
  for (const p of Object.values(proxies)) await p.setDown(false);
  await expect(page.getByText('Nothing waiting: everything has been sent.')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  // Work can be routed while the first items drain (e.g. a post that needs the channel first), so the
  // delivered list is compared with the outbox itself rather than with the count seen while offline.
  const items = await host.api('outbox:list', {});
  expect(items.length).toBeGreaterThanOrEqual(queued);
  await page.getByRole('tab', { name: 'Delivered' }).click();
  await expect(page.getByTestId('outbox-delivered').getByTestId('outbox-row')).toHaveCount(items.length);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'sync-delivered-dark.png') });

  // Exactly once at the fakes, counted by the vendors' idempotency keys.
  expect(items.every((i) => i.state === 'delivered')).toBe(true);
  const inc = (await host.api('incidents:list', {})).find((i) => i.humanId === humanId)!;
  expect(await effectCount(fakes.pagerduty.url, 'trigger:')).toEqual({ [`trigger:cp-${inc.id}`]: 1 });
  const slackPosts = items.filter((i) => i.integration === 'slack' && i.operation === 'post');
  const posted = await effectCount(fakes.slack.url, 'post:');
  expect(Object.keys(posted).sort()).toEqual(slackPosts.map((i) => `post:${i.idempotencyKey}`).sort());
  expect(Object.values(posted).every((n) => n === 1)).toBe(true);
  expect(await effectCount(fakes.slack.url, 'channel:')).toEqual({ [`channel:${humanId.toLowerCase()}-checkout-returning-502s`]: 1 });
  const hooks = await effectCount(fakes.webhook.url, 'delivery:');
  expect(Object.values(hooks)).toEqual(items.filter((i) => i.integration === 'webhook').map(() => 1));

  // Integrations settings: live state, last synced, and a real test request.
  await palette(page, 'Open Integrations pane');
  const pd = page.getByTestId('integration-pagerduty');
  await pd.getByRole('button', { name: 'Test connection' }).click();
  await expect(pd.getByRole('status')).toContainText('✓ PagerDuty accepted the routing key.');
  await expect(pd).toContainText('online');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'sync-integrations-dark.png') });

  // Add an integration through the settings form, pasting a line as `npm run fakes` prints it.
  await page.getByRole('button', { name: 'Add integration…' }).click();
  const form = page.getByRole('form', { name: 'Add an integration' });
  const line = JSON.stringify({ kind: 'teams', name: 'teams', baseUrl: fakes.teams.url, settings: {}, secret: `https://example.webhook.office.com${C.teams.path}` });
  await form.getByLabel('Paste settings (optional)').fill(line);
  await expect(form.getByLabel('Name')).toHaveValue('teams');
  await form.getByRole('button', { name: 'Save' }).click();
  const teams = page.getByTestId('integration-teams');
  await expect(teams).toBeVisible();
  await teams.getByRole('button', { name: 'Test connection' }).click();
  await expect(teams.getByRole('status')).toContainText('✓ Teams accepted the test message.');
  const listed = (await host.api('integrations:list', {})).find((i) => i.name === 'teams')!;
  expect(listed.hasSecret).toBe(true);
  expect(JSON.stringify(listed)).not.toContain('webhookb2');
});
