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


/** Run a named action from the palette, by its title, as a user would. */
async function fromPalette(page: Page, title: string) {
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').fill(title);
  await palette.getByRole('option', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`) }).first().click();
  await expect(palette).toBeHidden();
}

const focusInside = (page: Page) => page.evaluate(() => !!document.querySelector('[role="dialog"]')?.contains(document.activeElement));

/** Every dialog, opened the way a user opens it. */
const DIALOGS: Array<{ name: string | RegExp; open: (page: Page) => Promise<void> }> = [
  { name: 'Command palette', open: (p) => p.keyboard.press('Control+k') },
  { name: 'Declare incident', open: (p) => p.keyboard.press('Control+Shift+D') },
  { name: /^Change severity of/, open: (p) => fromPalette(p, 'Change severity') },
  { name: /^Change status of/, open: (p) => fromPalette(p, 'Change status') },
  { name: /^Record milestone for/, open: (p) => fromPalette(p, 'Record milestone') },
  { name: 'Keyboard shortcuts', open: (p) => p.keyboard.press('?') },
  { name: 'Your profile', open: (p) => fromPalette(p, 'Edit my profile') },
  { name: 'People roster', open: (p) => fromPalette(p, 'Edit or import the people roster') },
  { name: 'Hand over Incident Command', open: (p) => fromPalette(p, 'Hand over Incident Command') },
  { name: 'Import service catalog', open: (p) => fromPalette(p, 'Import a service catalog') },
  { name: 'Cadence policy', open: (p) => fromPalette(p, 'Edit the cadence policy') },
  {
    name: 'Decide on “Bad deploy”',
    open: async (p) => {
      await fromPalette(p, 'Open Time-boxes pane');
      await p.getByRole('button', { name: 'Decide…' }).click();
    },
  },
  {
    name: 'Export “note.txt”',
    open: async (p) => {
      await fromPalette(p, 'Open Evidence vault pane');
      await p.getByRole('button', { name: 'Export note.txt' }).click();
    },
  },
  { name: 'Delete “note.txt”', open: (p) => p.getByRole('button', { name: 'Delete note.txt' }).click() },
];

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

    test('the roster import keeps the keyboard: N after the import does not reach the composer, Esc closes it', async ({ page, host }) => {
      await withDemo(page, host);
      const composer = page.getByRole('textbox', { name: 'Note text' });
      await fromPalette(page, 'Edit or import the people roster');
      const roster = page.getByRole('dialog', { name: 'People roster' });
      await roster.getByRole('tab', { name: 'Import CSV / JSON' }).click();
      await roster.getByRole('textbox').first().fill('name,handle,team\nKim Lee,kim,SRE');
      await roster.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(roster.getByRole('tab', { name: /^People \(\d+\)$/ })).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('n');
      await page.keyboard.type('typed behind');
      await expect(composer).not.toBeFocused();
      await expect(composer).toHaveValue('');
      await expect(roster).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(roster).toBeHidden();
      await page.keyboard.press('n');
      await expect(composer).toBeFocused();
    });

    test('every dialog: focus inside, no shortcut or typing behind it, Esc closes it', async ({ page, host }) => {
      test.setTimeout(120_000);
      await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
      await host.api('vault:create', { mode: 'passphrase', passphrase: 'correct horse battery staple' });
      const inc = await host.api('incidents:declare', { title: 'Checkout down', severity: 'SEV-2' });
      await host.api('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Bad deploy', minutes: 15 });
      await host.api('artifacts:import', { incidentId: inc.id, name: 'note.txt', dataBase64: Buffer.from('hello').toString('base64') });
      await page.goto(host.url);
      await expect(page.getByTestId('incident-human-id')).toHaveText(inc.humanId);
      const composer = page.getByRole('textbox', { name: 'Note text' });
      for (const d of DIALOGS) {
        await d.open(page);
        const dialog = page.getByRole('dialog', { name: d.name });
        await expect(dialog, String(d.name)).toBeVisible();
        await expect.poll(() => focusInside(page), `focus inside ${String(d.name)}`).toBe(true);
        // The focused control goes away: focus falls to the page behind.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.keyboard.press('n');
        await page.keyboard.type('x');
        await expect(composer, String(d.name)).not.toBeFocused();
        await expect(composer, String(d.name)).toHaveValue('');
        await expect(dialog, String(d.name)).toBeVisible();
        expect(await focusInside(page), `focus back in ${String(d.name)}`).toBe(true);
        // Tab stays inside the dialog.
        for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
        expect(await focusInside(page), `Tab stays in ${String(d.name)}`).toBe(true);
        await page.keyboard.press('Escape');
        await expect(dialog, `Esc closes ${String(d.name)}`).toBeHidden();
      }
    });
  });
}
