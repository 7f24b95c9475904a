// One clock in Chromium with a New York browser (timezoneId): every time in the timeline, the role
// board, the time-boxes and the status bar is in ONE zone, labelled, UTC by default; choosing this
// computer's zone from the status bar clock moves every reading to EST at once. Screenshots of the
// three panes in both themes at 1440x900 and 1366x768 go to /work/shots/i12-clock/.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { formatClock } from '../../shared/time';
import { expect, ROOT, test } from './fixtures';

const SHOTS = process.env.SHOTS_DIR ?? path.join(ROOT, 'test-results', 'screenshots', 'one-clock');
const ROSTER = fs.readFileSync(path.join(ROOT, 'resources/catalogs/roster.csv'), 'utf8');
const NY = 'America/New_York';

test.use({ timezoneId: NY, viewport: { width: 1440, height: 900 } });
test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

async function runPaletteAction(page: Page, title: string) {
  await page.keyboard.press('Control+KeyK');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').or(palette.getByLabel('Search commands')).first().fill(title);
  await palette.getByRole('option', { name: title }).first().click();
  await expect(palette).toBeHidden();
}

async function shoot(page: Page, name: string) {
  for (const theme of ['dark', 'light'] as const) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`) });
  }
}

/** The readings each pane shows for the same moments. */
/** Each pane is brought to the front (its shortcut) before it is read: areas may hold several as tabs. */
async function readings(page: Page) {
  const read = async (key: string, locator: Locator) => {
    await page.keyboard.press(key);
    return (await locator.textContent())!;
  };
  const declared = page.getByTestId('timeline-row').filter({ hasText: /declared/i }).first();
  const box = page.getByTestId('timeline-row').filter({ hasText: 'Diagnosis box: try' }).first();
  return {
    timeline: (await read('Alt+1', declared.locator('time.tl-abs'))).trim(),
    boxText: (await read('Alt+1', box.locator('.tl-text'))).trim(),
    roles: await read('Alt+2', page.locator('[data-role="incident_commander"] .holder')),
    timers: await read('Alt+3', page.locator('[data-timer] .timer-main .muted').first()),
    clock: (await page.getByTestId('zone-clock').textContent())!.trim(),
  };
}

test('one clock: timeline, roles, timers and the status bar agree on one labelled zone, in a New York browser', async ({ page, host }) => {
  test.setTimeout(90_000);
  await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
  await host.api('roster:import', { format: 'csv', content: ROSTER });
  const inc = await host.api('incidents:declare', { title: 'Checkout failing in eu-west-1', severity: 'SEV-1' });
  const ic = await host.api('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'dana' });
  const box = await host.api('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Bad deploy of payments-gateway', minutes: 15, owner: 'dana' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(NY);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  await runPaletteAction(page, 'Open Roles pane');
  await runPaletteAction(page, 'Open Time-boxes pane');
  await expect(page.locator('[data-timer]')).toHaveCount(1);

  const expected = (zone: string) => ({
    declared: formatClock(Date.parse(inc.createdAt), zone, { seconds: true }),
    since: formatClock(Date.parse(ic.assumedAt), zone),
    due: formatClock(Date.parse(box.dueAt), zone),
  });

  // UTC by default, labelled everywhere; nothing in the browser's own zone.
  const utc = expected('UTC');
  let r = await readings(page);
  expect(r.timeline).toBe(utc.declared);
  expect(r.roles).toContain(`since ${utc.since}`);
  expect(r.timers).toContain(`due ${utc.due}`);
  expect(r.boxText).toContain(`until ${utc.due}`);
  expect(r.clock).toMatch(/^\d\d:\d\d:\d\d UTC$/);
  await expect(page.locator('body')).not.toContainText(/\b\d\d:\d\d(:\d\d)? E[SD]T\b/);
  await shoot(page, 'one-clock-utc-1440x900');

  // The status bar clock opens the choice; keyboard only.
  await page.getByTestId('zone-clock').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Time zone' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: /This computer/ }).check();
  await dialog.getByRole('button', { name: `Show times in ${NY}` }).press('Enter');
  await expect(dialog).toBeHidden();

  const est = expected(NY);
  await expect(page.getByTestId('zone-clock')).toContainText(/E[SD]T$/);
  r = await readings(page);
  expect(r.timeline).toBe(est.declared);
  expect(r.roles).toContain(`since ${est.since}`);
  expect(r.timers).toContain(`due ${est.due}`);
  expect(r.boxText).toContain(`until ${est.due}`);
  // The same instants: the two zones differ by New York's offset, never by a misread clock.
  expect(est.declared).not.toBe(utc.declared);
  await expect(page.locator('.tl-abs, .holder time, [data-timer] time')).not.toContainText([/UTC/]);

  // The brief drafted for a handover speaks the same zone.
  await page.keyboard.press('Alt+2');
  await page.locator('[data-role="incident_commander"]').getByRole('button', { name: 'Hand over…' }).click();
  const handover = page.getByRole('dialog', { name: 'Hand over Incident Command' });
  await expect(handover.getByLabel('Objectives')).toHaveValue(new RegExp(`box ends ${est.due}`));
  await expect(handover.getByLabel('Situation')).toHaveValue(new RegExp(`declaration at ${formatClock(Date.parse(inc.createdAt), NY)}`));
  await page.keyboard.press('Escape');
  await expect(handover).toBeHidden();

  await shoot(page, 'one-clock-est-1440x900');
  await page.setViewportSize({ width: 1366, height: 768 });
  const clockBox = await page.getByTestId('zone-clock').boundingBox();
  expect(clockBox && clockBox.x + clockBox.width <= 1366 && clockBox.y + clockBox.height <= 768).toBe(true);
  await shoot(page, 'one-clock-est-1366x768');
  await runPaletteAction(page, 'Show times in UTC');
  await expect(page.getByTestId('zone-clock')).toContainText(/UTC$/);
  await shoot(page, 'one-clock-utc-1366x768');
});
