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

/** Whether any composer (mounted or not: a pane may be behind a tab) has focus or got typed into. */
const composerReached = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLTextAreaElement>('textarea.composer-input')].some((t) => t === document.activeElement || t.value !== ''));

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
  { name: 'Time zone', open: (p) => fromPalette(p, 'Choose time zone') },
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

/**
 * Every visible control whose centre is inside the viewport and inside each clipping ancestor, with
 * what elementFromPoint finds there: a control is covered when that is neither it nor inside it.
 */
async function coveredControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [role="option"], [tabindex="0"]');
    for (const el of controls) {
      // Not rendered for the user: inside a closed <details>, hidden, transparent.
      if (!el.checkVisibility({ contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      let clipped = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const cs = getComputedStyle(p);
        if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
        const pr = p.getBoundingClientRect();
        if (x < pr.left || x > pr.right || y < pr.top || y > pr.bottom) clipped = true;
      }
      if (clipped) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === el || el.contains(hit))) continue;
      const name = `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[${el.getAttribute('type')}]` : ''} “${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 50)}”`;
      const by = hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join('.')}` : 'nothing';
      out.push(`${name} (covered by ${by})`);
    }
    return out;
  });
}

async function shoot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }) {
  // No colour transitions half-way in a shot.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  for (const theme of ['dark', 'light'] as const) {
    await page.evaluate((t) => {
      document.documentElement.dataset.theme = t;
      document.documentElement.style.colorScheme = t;
    }, theme);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`), ...(clip ? { clip } : {}) });
  }
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
      await expect(page.getByTestId('timeline-row').filter({ hasText: /^.*Declared/ }).first()).toBeVisible();
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
      expect(await composerReached(page)).toBe(false);
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
      for (const d of DIALOGS) {
        await d.open(page);
        const dialog = page.getByRole('dialog', { name: d.name });
        await expect(dialog, String(d.name)).toBeVisible();
        await expect.poll(() => focusInside(page), `focus inside ${String(d.name)}`).toBe(true);
        // The focused control goes away: focus falls to the page behind.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.keyboard.press('n');
        await page.keyboard.type('x');
        expect(await composerReached(page), String(d.name)).toBe(false);
        await expect(dialog, String(d.name)).toBeVisible();
        expect(await focusInside(page), `focus back in ${String(d.name)}`).toBe(true);
        // Tab stays inside the dialog.
        for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
        expect(await focusInside(page), `Tab stays in ${String(d.name)}`).toBe(true);
        await page.keyboard.press('Escape');
        await expect(dialog, `Esc closes ${String(d.name)}`).toBeHidden();
      }
      // With every dialog closed, N reaches the composer again (bringing the timeline forward).
      await page.keyboard.press('n');
      await expect(page.getByRole('textbox', { name: 'Note text' })).toBeFocused();
    });

    test('the header names who is in command; declaring makes the declarer IC; take command when nobody is', async ({ page, host }) => {
      const demo = await withDemo(page, host);
      const header = page.getByRole('region', { name: `Incident ${demo.humanId}` });
      await expect(header.getByRole('group', { name: 'Who is in command' })).toBeVisible();
      await page.keyboard.press('Control+Shift+D');
      const declare = page.getByRole('dialog', { name: 'Declare incident' });
      await expect(declare.getByRole('checkbox', { name: /I am the Incident Commander/ })).toBeChecked();
      await declare.getByLabel('Title').fill('Checkout 502s in eu-west-1');
      await declare.getByRole('radio', { name: /^SEV-1/ }).check();
      await declare.getByRole('button', { name: 'Declare incident', exact: true }).click();
      await expect(declare).toBeHidden();
      const created = (await host.api('incidents:list', {})).find((i) => i.title === 'Checkout 502s in eu-west-1')!;
      const newHeader = page.getByRole('region', { name: `Incident ${created.humanId}` });
      await expect(newHeader.getByTestId('header-ic')).toHaveText('ICAda Lovelace');
      await expect(newHeader.getByTestId('header-comms')).toHaveText('Commsno comms lead');
      expect((await host.api('roles:list', { incidentId: created.id })).holders).toMatchObject([{ role: 'incident_commander', person: 'ada' }]);
      await expect(page.getByRole('textbox', { name: 'Note text' })).toBeFocused();
      // The IC and comms lead are visible, not clipped, not covered.
      for (const el of [newHeader.getByTestId('header-ic'), newHeader.getByTestId('header-comms')]) {
        const box = (await el.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(size.width);
        expect(box.y).toBeGreaterThanOrEqual(0);
      }
      // "Nobody paged" is read whole: nothing (its own button included) covers the end of the words.
      const uncovered = await newHeader.locator('.nobody-paged-text').evaluate((t) => {
        // The words' own extent (a range), not the span's box: a squeezed span lets its text run on under the button.
        const range = document.createRange();
        // The visible words only (the screen-reader reason beside them is a 1 px clipped box).
        const words = [...t.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes('Nobody paged'))!;
        range.selectNodeContents(words);
        const r = range.getBoundingClientRect();
        const hit = document.elementFromPoint(r.right - 2, r.top + r.height / 2);
        return hit !== null && t.contains(hit);
      });
      expect(uncovered).toBe(true);
      // Let the declare toast go so the shot shows the header alone.
      await page.getByRole('button', { name: 'Dismiss message' }).first().click();
      const hb = (await newHeader.boundingBox())!;
      await shoot(page, `header-ic-${size.width}x${size.height}`, { x: 0, y: 0, width: size.width, height: Math.min(size.height, hb.y + hb.height + 8) });

      // A second incident without an IC: the header says so and offers to take command.
      const other = await host.api('incidents:declare', { title: 'Search latency', severity: 'SEV-3' });
      await page.getByRole('navigation', { name: 'Incidents' }).getByRole('button', { name: new RegExp(`^${other.humanId} `) }).click();
      const otherHeader = page.getByRole('region', { name: `Incident ${other.humanId}` });
      const take = otherHeader.getByRole('button', { name: 'No IC — take command' });
      await expect(take).toBeVisible();
      await shoot(page, `header-no-ic-${size.width}x${size.height}`, { x: 0, y: 0, width: size.width, height: Math.min(size.height, hb.y + hb.height + 8) });
      await take.focus();
      await page.keyboard.press('Enter');
      await expect(otherHeader.getByTestId('header-ic')).toHaveText('ICAda Lovelace');
    });

    test('the list keeps active incidents above resolved ones; resolving asks for the missing milestones', async ({ page, host }) => {
      await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
      const sev1 = await host.api('incidents:declare', { title: 'Payments down', severity: 'SEV-1' });
      const sev3 = await host.api('incidents:declare', { title: 'Search slow', severity: 'SEV-3' });
      await page.goto(host.url);
      await expect(page.getByTestId('incident-human-id')).toHaveText(sev1.humanId);
      await fromPalette(page, 'Resolve incident');
      const dialog = page.getByRole('dialog', { name: `Change status of ${sev1.humanId}` });
      await expect(dialog.getByRole('radio', { name: 'Resolved', exact: true })).toBeChecked();
      const missing = dialog.getByRole('group', { name: 'Missing milestones' });
      await expect(missing).toContainText('Not recorded yet: acknowledged, mitigated.');
      await dialog.getByRole('radio', { name: 'Resolved anyway, with a reason' }).check();
      await dialog.getByRole('button', { name: 'Set Resolved without them' }).click();
      const reason = dialog.getByLabel('Why are they missing?');
      await expect(reason).toHaveAttribute('aria-invalid', 'true');
      await reason.fill('Reported by a customer; no alert fired');
      await expect(reason).toHaveAttribute('aria-invalid', 'false');
      await dialog.getByRole('radio', { name: 'Record them now' }).check();
      await dialog.getByRole('button', { name: 'Record all 2 and set Resolved' }).click();
      await expect(dialog).toBeHidden();
      expect((await host.api('incidents:get', { id: sev1.id })).milestones).toMatchObject({ acknowledged: expect.any(String), mitigated: expect.any(String), resolved: expect.any(String) });
      // The resolved SEV-1 drops below the active SEV-3, and a later note on it does not lift it.
      await host.api('timeline:append', { incidentId: sev1.id, kind: 'note', text: 'Post-mortem on Thursday' });
      const items = page.getByRole('navigation', { name: 'Incidents' }).locator('button.incident-item');
      await expect(items.nth(0)).toHaveAttribute('aria-label', new RegExp(`^${sev3.humanId} SEV-3 Investigating`));
      await expect(items.nth(1)).toHaveAttribute('aria-label', new RegExp(`^${sev1.humanId} SEV-1 Resolved`));
      // The open incident stays the one the commander chose.
      await expect(page.getByTestId('incident-human-id')).toHaveText(sev1.humanId);
    });

    test('palette: "resolve" ranks the resolve action first; export, post update, page; Focus timeline lands on the newest entry', async ({ page, host }) => {
      await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
      const inc = await host.api('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
      for (let i = 1; i <= 25; i++) await host.api('timeline:append', { incidentId: inc.id, kind: 'note', text: `Entry ${i}` });
      await page.goto(host.url);
      await expect(page.getByTestId('timeline-row').first()).toContainText('Entry 25');
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      await page.keyboard.type('resolve');
      const options = palette.getByRole('option');
      await expect(options).toHaveCount(3);
      await expect(options.first()).toHaveText('Resolve incident…');
      await expect(options.first()).toHaveAttribute('aria-selected', 'true');
      await shoot(page, `palette-resolve-${size.width}x${size.height}`);
      await page.keyboard.press('Escape');
      await expect(palette).toBeHidden();

      // Export the timeline as Markdown: a real download with every entry.
      const [download] = await Promise.all([page.waitForEvent('download'), fromPalette(page, 'Export timeline as Markdown')]);
      expect(download.suggestedFilename()).toBe(`${inc.humanId}-timeline.md`);
      const md = fs.readFileSync((await download.path())!, 'utf8');
      expect(md.split('\n')[0]).toBe(`# ${inc.humanId} — Checkout down`);
      expect(md).toContain('· Note · @ada: Entry 25');
      expect(md.indexOf('Entry 1\n')).toBeLessThan(md.indexOf('Entry 25'));
      const [json] = await Promise.all([page.waitForEvent('download'), fromPalette(page, 'Export timeline as JSON')]);
      expect(JSON.parse(fs.readFileSync((await json.path())!, 'utf8')).entries).toHaveLength(26);

      // Page / escalate without a pager says nobody can be paged and opens Integrations.
      await fromPalette(page, 'Page / escalate');
      await expect(page.getByRole('alert').filter({ hasText: 'No paging integration is set up' })).toBeVisible();
      await expect(page.getByRole('region', { name: /Integrations/ }).first()).toBeVisible();

      // Post update opens the status dialog.
      await fromPalette(page, 'Post a status update');
      await expect(page.getByRole('dialog', { name: `Change status of ${inc.humanId}` })).toBeVisible();
      await page.keyboard.press('Escape');

      // Focus timeline: the newest entry has the focus, from anywhere (here the composer).
      await page.keyboard.press('/');
      await expect(page.getByRole('textbox', { name: 'Note text' })).toBeFocused();
      await fromPalette(page, 'Focus timeline');
      const newest = page.getByTestId('timeline-row').first();
      await expect(newest).toBeFocused();
      await expect(newest).toContainText('Entry 25');
      await page.keyboard.press('ArrowDown');
      await expect(page.getByTestId('timeline-row').nth(1)).toBeFocused();
      // T from the page does the same.
      await page.keyboard.press('/');
      await expect(page.getByRole('textbox', { name: 'Note text' })).toBeFocused();
      await page.keyboard.press('Escape');
      await page.keyboard.press('t');
      await expect(page.getByTestId('timeline-row').first()).toBeFocused();
    });

    test('stacked toasts never cover a control', async ({ page, host }) => {
      await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
      const inc = await host.api('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
      for (let i = 1; i <= 40; i++) await host.api('timeline:append', { incidentId: inc.id, kind: 'note', text: `Entry ${i}` });
      await page.goto(host.url);
      await expect(page.getByTestId('timeline-row').first()).toContainText('Entry 40');
      for (const pane of ['Roles', 'Time-boxes']) await fromPalette(page, `Open ${pane} pane`);
      expect(await coveredControls(page)).toEqual([]);
      // Six messages in a row, errors among them (they stay until dismissed).
      for (let i = 0; i < 3; i++) {
        await fromPalette(page, 'Retry everything that needs attention in the outbox');
        await fromPalette(page, 'Page / escalate');
      }
      await expect(page.locator('.toast').first()).toBeVisible();
      expect(await coveredControls(page)).toEqual([]);
      expect(await page.locator('.toast').count()).toBeLessThanOrEqual(3);
      await shoot(page, `toasts-${size.width}x${size.height}`);
      // The toasts' own buttons work from where they are.
      const dismiss = page.getByRole('button', { name: 'Dismiss message' }).first();
      await dismiss.click();
    });
  });
}

test.describe('1920x1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });
  test('screenshots: the header with its IC, and the palette ranking "resolve"', async ({ page, host }) => {
    await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
    await host.api('roster:upsert', { handle: 'sam', name: 'Sam Okafor', team: 'Comms' });
    await host.api('roster:upsert', { handle: 'ada', name: 'Ada Lovelace', team: 'SRE' });
    const inc = await host.api('incidents:declare', { title: 'Checkout 502s in eu-west-1', severity: 'SEV-1' });
    await host.api('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'ada' });
    await host.api('roles:assign', { incidentId: inc.id, role: 'comms_lead', person: 'sam' });
    await page.goto(host.url);
    const header = page.getByRole('region', { name: `Incident ${inc.humanId}` });
    await expect(header.getByTestId('header-comms')).toHaveText('CommsSam Okafor');
    expect(await coveredControls(page)).toEqual([]);
    const hb = (await header.boundingBox())!;
    await shoot(page, 'header-ic-1920x1080', { x: 0, y: 0, width: 1920, height: hb.y + hb.height + 8 });
    await page.keyboard.press('Control+k');
    await page.keyboard.type('resolve');
    await expect(page.getByRole('dialog', { name: 'Command palette' }).getByRole('option').first()).toHaveText('Resolve incident…');
    await shoot(page, 'palette-resolve-1920x1080');
  });
});
