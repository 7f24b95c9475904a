// Hostile strings in titles and timeline text render inert under the production CSP.
import { expect, test } from './fixtures';

const HOSTILE_TITLE = '<img src=x onerror=window.__x=1>';
const HOSTILE_TEXT = '<script>window.__x=2</script><svg onload="window.__x=3"></svg><a href="javascript:window.__x=4">click</a>';

test('hostile titles and entries are shown as text and never run', async ({ page, host }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await page.getByLabel('Display name').fill('<b>Mallory</b>');
  await page.getByLabel('Handle').fill('mallory');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Declared through the UI.
  await page.getByRole('button', { name: 'Declare incident', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await dialog.getByLabel('Title').fill(HOSTILE_TITLE);
  await dialog.getByRole('radio', { name: /^SEV-1/ }).check();
  await dialog.getByLabel('Summary (optional)').fill(HOSTILE_TEXT);
  await dialog.getByRole('button', { name: 'Declare incident', exact: true }).click();
  await expect(dialog).toBeHidden();

  const header = page.getByRole('region', { name: /^Incident INC-/ });
  await expect(header.getByRole('heading', { level: 1 })).toHaveText(HOSTILE_TITLE);
  await page.keyboard.type(HOSTILE_TEXT);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('timeline-row').first()).toContainText('<script>window.__x=2</script>');

  // Palette lists it as text too.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('INC-');
  await expect(page.getByRole('option', { name: /<img src=x/ })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.reload();
  await expect(header.getByRole('heading', { level: 1 })).toHaveText(HOSTILE_TITLE);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __x?: unknown }).__x)).toBeUndefined();
  // No element from the hostile strings made it into the DOM.
  expect(await page.locator('#root img, #root script, #root svg[onload], #root a[href^="javascript:"]').count()).toBe(0);
  expect(errors).toEqual([]);
});
