// The right incident in front, who is in command, and the keyboard everywhere: Chromium against the
// built browser host at laptop sizes (1440x900 and 1366x768).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, ROOT, test, type HostHandle } from './fixtures';

const SHOTS = process.env.SHOTS_DIR ?? path.join(ROOT, 'test-results', 'screenshots', 'front');
test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1366, height: 768 },
] as const;

async function withDemo(page: Page, host: HostHandle) {
  await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
  const demo = await host.api('demo:load', {});
  await page.goto(host.url);
  await expect(page.getByTestId('incident-human-id')).toHaveText(demo.humanId);
  return demo;
}

for (const size of SIZES) {
  test.describe(`${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('declaring a SEV-1 with the demo loaded brings the new incident to the front with the composer focused', async ({ page, host }) => {
      const demo = await withDemo(page, host);
      await page.keyboard.press('Control+Shift+D');
      const declare = page.getByRole('dialog', { name: 'Declare incident' });
      await declare.getByLabel('Title').fill('Payments failing for everyone');
      await declare.getByRole('radio', { name: /^SEV-1/ }).check();
      await declare.getByRole('button', { name: 'Declare incident', exact: true }).click();
      await expect(declare).toBeHidden();

      const created = (await host.api('incidents:list', {})).find((i) => i.title === 'Payments failing for everyone')!;
      expect(created.id).not.toBe(demo.id);
      const list = page.getByRole('navigation', { name: 'Incidents' });
      await expect(list.getByRole('button', { name: new RegExp(`^${created.humanId} SEV-1`) })).toHaveAttribute('aria-current', 'true');
      const header = page.getByRole('region', { name: `Incident ${created.humanId}` });
      await expect(header.getByRole('heading', { level: 1 })).toHaveText('Payments failing for everyone');
      await expect(page.getByText(/EXERCISE — this is a drill/)).toHaveCount(0);
      await expect(page.getByTestId('timeline-row').first()).toContainText(/Declared/);
      const composer = page.getByRole('textbox', { name: 'Note text' });
      await expect(composer).toHaveAttribute('id', `composer-${created.id}`);
      await expect(composer).toBeFocused();
      // The first note goes to the new incident, not the exercise.
      await page.keyboard.type('First note on the real incident');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('timeline-row').filter({ hasText: 'First note on the real incident' })).toBeVisible();
      expect((await host.api('timeline:list', { incidentId: created.id })).entries.some((e) => e.text === 'First note on the real incident')).toBe(true);
      expect((await host.api('timeline:list', { incidentId: demo.id })).entries.some((e) => e.text === 'First note on the real incident')).toBe(false);
    });
  });
}
