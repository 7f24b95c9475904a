// First start with the demo, the command palette and both themes.
import fs from 'node:fs';
import path from 'node:path';
import { expect, SCREENSHOT_DIR, test } from './fixtures';

test.beforeAll(() => fs.mkdirSync(SCREENSHOT_DIR, { recursive: true }));

test('the demo gives a newcomer a live war room, clearly marked as an exercise', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(host.url);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Command Post' });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'first-start-light.png') });
  await welcome.getByLabel('Display name').fill('Grace Hopper');
  await welcome.getByLabel('Handle').fill('grace');
  await page.keyboard.press('Enter');
  await expect(welcome).toBeHidden();
  // First start follows prefers-color-scheme.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  await page.getByRole('button', { name: 'Load the demo incident' }).click();
  const header = page.getByRole('region', { name: /^Incident INC-/ });
  await expect(header.getByText(/EXERCISE — this is a drill/)).toBeVisible();
  await expect(header.getByRole('heading', { level: 1 })).toHaveText('Checkout API returning 502s in eu-west-1');
  await expect(page.getByRole('navigation', { name: 'Incidents' }).locator('.mode-exercise')).toBeVisible();
  // The demo's pinned entries are visible at a glance; pinned-only filter shows just them.
  await page.getByRole('button', { name: '★ Pinned only' }).click();
  await expect(page.getByTestId('timeline-row')).toHaveCount(2);
  await expect(page.getByTestId('timeline-row').first()).toContainText('PINNED');
  await page.getByRole('button', { name: '★ Pinned only' }).click();
  await expect(page.getByTestId('timeline-row').nth(5)).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'demo-exercise-light.png') });
});

test('command palette: Ctrl+K finds and runs actions; theme switch persists across reloads', async ({ page, host }) => {
  await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
  const inc = await host.api('incidents:declare', { title: 'Search latency above SLO', severity: 'SEV-3' });
  await host.api('incidents:declare', { title: 'Payments failing', severity: 'SEV-1' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('region', { name: /^Incident / }).getByRole('heading', { level: 1 })).toHaveText('Payments failing');

  // Switch incident through the palette.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type(inc.humanId);
  await expect(palette.getByRole('option', { name: /Search latency above SLO/ })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'palette-dark.png') });
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();

  // Raise severity through the palette, entirely from the keyboard.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('change severity');
  await page.keyboard.press('Enter');
  const sev = page.getByRole('dialog', { name: `Change severity of ${inc.humanId}` });
  await expect(sev).toBeVisible();
  await sev.getByRole('radio', { name: /^SEV-2/ }).check();
  await sev.getByLabel('Reason (optional)').fill('More customers affected');
  await sev.getByRole('button', { name: 'Set SEV-2' }).click();
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` }).getByText('SEV-2', { exact: true })).toBeVisible();
  await expect(page.getByTestId('timeline-row').first()).toContainText('More customers affected');

  // Toggle the theme from the palette; it survives a reload.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('toggle dark');
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(bg);
  await page.keyboard.press('Control+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Status bar: online, data path, pending sync, version.
  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect(status).toContainText('Online');
  await expect(status).toContainText(host.dataDir);
  await expect(status.getByTestId('pending-sync')).toHaveText(/^\d+$/);
  await expect(status).toContainText(/Command Post v\d+\.\d+\.\d+/);
});
