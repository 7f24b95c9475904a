// The foundation slice end to end: first start → declare → keyboard entries → pin → correct →
// reload (still there), in Chromium against the built browser host.
import fs from 'node:fs';
import path from 'node:path';
import { expect, SCREENSHOT_DIR, test } from './fixtures';

test.beforeAll(() => fs.mkdirSync(SCREENSHOT_DIR, { recursive: true }));

test('profile → declare → add entries from the keyboard → pin → correct → reload keeps everything', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  // The token leaves the address bar at once.
  await expect(page).not.toHaveURL(/token=/);

  const welcome = page.getByRole('dialog', { name: 'Welcome to Command Post' });
  await expect(welcome).toBeVisible();
  await welcome.getByLabel('Display name').fill('Ada Lovelace');
  await welcome.getByLabel('Handle').fill('ada');
  await welcome.getByRole('button', { name: 'Continue' }).click();
  await expect(welcome).toBeHidden();

  await expect(page.getByRole('heading', { name: 'No incidents yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Declare incident', exact: true }).click();
  const declare = page.getByRole('dialog', { name: 'Declare incident' });
  // Submitting empty shows the backend's issues next to the fields.
  await declare.getByRole('button', { name: 'Declare incident', exact: true }).click();
  await expect(declare.getByText('Title must not be empty.')).toBeVisible();
  await expect(declare.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expect(declare.getByText(/Unsure between two severities\? Choose the higher one\./)).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'declare-dialog-dark.png') });
  await declare.getByLabel('Title').fill('Checkout 502s in eu-west-1');
  await declare.getByRole('radio', { name: /^SEV-2/ }).check();
  await declare.getByLabel('Summary (optional)').fill('Customers in Europe cannot pay.');
  await declare.getByRole('button', { name: 'Declare incident', exact: true }).click();
  await expect(declare).toBeHidden();

  const header = page.getByRole('region', { name: /^Incident INC-\d{4}-\d{4,}$/ });
  await expect(header.getByRole('heading', { level: 1 })).toHaveText('Checkout 502s in eu-west-1');
  await expect(header.getByText('SEV-2')).toBeVisible();
  const humanId = (await header.getByTestId('incident-human-id').textContent())!;

  // The composer has focus after declaring; add a note, a decision (Alt+D) and a multi-line action.
  const composer = page.getByRole('textbox', { name: 'Note text' });
  await expect(composer).toBeFocused();
  await page.keyboard.type('Paged by Alertmanager: CheckoutErrorRateHigh');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('timeline-row').filter({ hasText: 'Paged by Alertmanager' })).toBeVisible();
  await page.keyboard.press('Alt+KeyD');
  await page.keyboard.type('Roll back payments-gateway');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Alt+KeyA');
  await page.keyboard.type('Ops lead rolling back');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('canary at 10%');
  await page.keyboard.press('Enter');
  const rows = page.getByTestId('timeline-row');
  await expect(rows.first()).toContainText('Ops lead rolling back');
  await expect(rows.first()).toContainText('Action');
  await expect(rows.nth(1)).toContainText('Decision');

  // Esc leaves the composer; / comes back to it; N and D from the page pick the kind.
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  await expect(page.getByRole('textbox', { name: 'Note text' })).toBeFocused();
  await page.keyboard.press('Escape');

  // Pin from the keyboard (P on the focused row) and correct inline (E, edit, Enter).
  const decision = rows.filter({ hasText: 'Roll back payments-gateway' });
  await decision.click({ position: { x: 40, y: 10 } });
  await page.keyboard.press('p');
  await expect(decision.getByText('PINNED')).toBeVisible();
  await page.keyboard.press('e');
  const editor = page.getByRole('textbox', { name: 'Correct the entry' });
  await expect(editor).toBeFocused();
  await editor.fill('Roll back payments-gateway to 2026.11.24-2');
  await page.keyboard.press('Enter');
  const corrected = rows.filter({ hasText: 'Roll back payments-gateway to 2026.11.24-2' });
  await expect(corrected.getByRole('button', { name: /edited/ })).toBeVisible();

  // Change status from the header.
  await header.getByRole('button', { name: /Change status/ }).click();
  const statusDialog = page.getByRole('dialog', { name: `Change status of ${humanId}` });
  await statusDialog.getByRole('radio', { name: 'Identified' }).check();
  await statusDialog.getByLabel('Note (optional)').fill('Pool size lowered by the deploy');
  await statusDialog.getByRole('button', { name: 'Set Identified' }).click();
  await expect(header.getByText('Identified')).toBeVisible();
  await expect(rows.first()).toContainText('Status');

  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'war-room-dark.png') });

  // Reload: everything came from SQLite, not from memory.
  await page.reload();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(header.getByRole('heading', { level: 1 })).toHaveText('Checkout 502s in eu-west-1');
  await expect(rows.filter({ hasText: 'Paged by Alertmanager' })).toBeVisible();
  await expect(corrected.getByText('PINNED')).toBeVisible();
  await corrected.getByRole('button', { name: /edited/ }).click();
  const history = corrected.getByRole('list', { name: 'Versions, oldest first' });
  await expect(history).toContainText('Original');
  await expect(history).toContainText('Roll back payments-gateway');
  await expect(history).toContainText('Correction 1');
  await expect(rows.filter({ hasText: 'canary at 10%' })).toBeVisible();

  // The backend agrees.
  const page1 = await host.api('timeline:list', { incidentId: humanId });
  expect(page1.entries.filter((e) => e.pinned).map((e) => e.text)).toEqual(['Roll back payments-gateway to 2026.11.24-2']);

  // Light theme screenshot of the same war room.
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'war-room-light.png') });
});
