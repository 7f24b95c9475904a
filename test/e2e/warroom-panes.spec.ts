// The war room panes end to end in Chromium against the built host: role board (drag and drop,
// keyboard, IC handover with the ICS-201 brief), a 1-minute diagnosis box on a fast clock (warning,
// expiry, decision prompt, decision on the timeline), and the dependency map (catalog import, mark a
// service impacted, blast radius). Screenshots of each pane in dark and light for people to look at.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, ROOT, SCREENSHOT_DIR, test } from './fixtures';

// TEST ONLY: the host's clock runs 10× real time, so a 1-minute box warns after ~4.8 s and expires after ~6 s.
test.use({ hostArgs: ['--clock-rate', '10'] });
test.beforeAll(() => fs.mkdirSync(SCREENSHOT_DIR, { recursive: true }));

const ROSTER = fs.readFileSync(path.join(ROOT, 'resources/catalogs/roster.csv'), 'utf8');
const CATALOG = fs.readFileSync(path.join(ROOT, 'resources/catalogs/catalog-info.yaml'), 'utf8');

async function runPaletteAction(page: Page, title: string) {
  await page.keyboard.press('Control+KeyK');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').or(palette.getByLabel('Search commands')).first().fill(title);
  await palette.getByRole('option', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
  await expect(palette).toBeHidden();
}

/** Leave only `title` open so its screenshot is readable. */
async function showOnly(page: Page, title: string) {
  for (const other of ['Timeline', 'Roles', 'Time-boxes', 'Dependency map']) {
    if (other === title) continue;
    const close = page.getByRole('button', { name: `Close ${other} pane`, exact: true });
    if (await close.count()) await close.click();
  }
  // A pane is a tab of the docking workspace now: its <section> is named by its title (the tab shows it).
  const pane = page.locator(`section.pane[aria-label="${title}"]`);
  if (!(await pane.count())) await page.getByRole('toolbar', { name: 'Panes' }).getByRole('button', { name: `+ ${title}` }).click();
  await expect(pane).toBeVisible();
}

async function shoot(page: Page, name: string) {
  for (const theme of ['dark', 'light'] as const) {
    const current = await page.locator('html').getAttribute('data-theme');
    if (current !== theme) await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${theme}.png`) });
  }
  await page.getByTestId('theme-toggle').click(); // back to dark
}

test('war room: roles, handover, a fast-clock time-box with its decision, catalog import and blast radius', async ({ page, host }) => {
  test.setTimeout(120_000);
  await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
  await host.api('roster:import', { format: 'csv', content: ROSTER });
  const inc = await host.api('incidents:declare', { title: 'Checkout failing in eu-west-1', severity: 'SEV-1', summary: 'Payments time out for EU customers.' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();

  // ---- Role board: opened as a named action from the command palette.
  await runPaletteAction(page, 'Open Roles pane');
  const roles = page.getByRole('list', { name: 'Roles' });
  const icCard = roles.locator('[data-role="incident_commander"]');
  await expect(icCard).toContainText('Vacant');
  // Keyboard: Space picks Dana up, Enter on "Assign … here" places her.
  await page.getByRole('button', { name: /^Dana Whitfield \(@dana\)/ }).focus();
  await page.keyboard.press('Space');
  const place = icCard.getByRole('button', { name: 'Assign Dana Whitfield here' });
  await place.focus();
  await page.keyboard.press('Enter');
  await expect(icCard).toContainText('Dana Whitfield');
  // Drag and drop: Lee onto Scribe, Priya and Alex onto SME (many holders).
  await page.getByRole('button', { name: /^Lee Park \(@lee\)/ }).dragTo(roles.locator('[data-role="scribe"]'));
  await expect(roles.locator('[data-role="scribe"]')).toContainText('Lee Park');
  await page.getByRole('button', { name: /^Priya Raman/ }).dragTo(roles.locator('[data-role="sme"]'));
  await page.getByRole('button', { name: /^Alex Chen/ }).dragTo(roles.locator('[data-role="sme"]'));
  await expect(roles.locator('[data-role="sme"]')).toContainText('Priya Raman');
  await expect(roles.locator('[data-role="sme"]')).toContainText('Alex Chen');
  // A second IC is refused by the core: dropping Sam on the IC card is not offered, and the API says conflict.
  await expect(host.api('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'sam' })).rejects.toThrow(/conflict/);

  // Hand over IC with the pre-filled ICS-201 brief, edited before committing.
  await icCard.getByRole('button', { name: 'Hand over…' }).click();
  const handover = page.getByRole('dialog', { name: 'Hand over Incident Command' });
  await expect(handover.getByLabel('Situation')).toHaveValue(/SEV-1 “Checkout failing in eu-west-1”/);
  await expect(handover.getByLabel('Resources and roles')).toHaveValue(/Incident Commander: @dana/);
  await handover.getByLabel('New Incident Commander').selectOption('lee');
  await handover.getByLabel('Objectives').fill('Restore EU checkout; decide on failover by 10:30.');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'roles-handover-dark.png') });
  await handover.getByRole('button', { name: 'Commit handover' }).click();
  await expect(handover).toBeHidden();
  await expect(icCard).toContainText('Lee Park');
  const board = await host.api('roles:list', { incidentId: inc.id });
  expect(board.handovers[0]).toMatchObject({ from: 'dana', to: 'lee', brief: { objectives: 'Restore EU checkout; decide on failover by 10:30.' } });
  await showOnly(page, 'Roles');
  await shoot(page, 'pane-roles');

  // ---- Time-boxes: a 1-minute diagnosis box on the fast clock.
  await runPaletteAction(page, 'Start a diagnosis time-box');
  await expect(page.getByRole('textbox', { name: 'Hypothesis' })).toBeFocused();
  await page.keyboard.type('Bad deploy of payments 4.2');
  await page.getByRole('spinbutton', { name: 'Minutes' }).first().fill('1');
  await page.getByRole('button', { name: 'Start box' }).click();
  await expect(page.getByTestId('timebox-banner-warning')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('timebox-banner-warning')).toContainText('80% of the time used');
  await showOnly(page, 'Time-boxes');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'timebox-warning-dark.png') });
  const expired = page.getByTestId('timebox-banner-expired');
  await expect(expired).toBeVisible({ timeout: 15_000 });
  await expect(expired).toContainText('has expired — decide: extend, switch or escalate');
  await expired.getByRole('button', { name: 'Decide…' }).click();
  const decide = page.getByRole('dialog', { name: 'Time-box expired: decide' });
  await expect(decide).toBeVisible();
  await expect(decide.getByRole('radio', { name: /Extend/ })).toBeVisible();
  await expect(decide.getByRole('radio', { name: /Switch hypothesis/ })).toBeVisible();
  await expect(decide.getByRole('radio', { name: /Escalate/ })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'timebox-decision-dark.png') });
  await decide.getByRole('radio', { name: /Switch hypothesis/ }).check();
  await decide.getByLabel('Next hypothesis').fill('DB connection pool exhausted');
  await decide.getByLabel('Minutes', { exact: true }).fill('15');
  await decide.getByLabel('Note', { exact: true }).fill('Rollback did not help');
  await decide.getByRole('button', { name: 'Record decision' }).click();
  await expect(decide).toBeHidden();
  await expect(page.getByTestId('timebox-banner-expired')).toHaveCount(0);
  await expect(page.locator('.timer-row').filter({ hasText: 'DB connection pool exhausted' })).toBeVisible();
  const tl = await host.api('timeline:list', { incidentId: inc.id, kinds: ['decision'] });
  expect(tl.entries[0]!.text).toMatch(/^Switched hypothesis: “Bad deploy of payments 4.2” → “DB connection pool exhausted” for 15 min/);
  // An overdue ask stands out in the incident header.
  await host.api('timers:start', { incidentId: inc.id, kind: 'ask', label: 'Priya reports replica lag', minutes: 1, owner: 'priya' });
  await host.api('cadence:start', { incidentId: inc.id });
  await expect(page.getByTestId('overdue-asks')).toContainText('1 overdue ask', { timeout: 20_000 });
  await shoot(page, 'pane-timeboxes');
  // The cadence policy table and the roster editor are named actions too.
  await runPaletteAction(page, 'Edit the cadence policy');
  const policy = page.getByRole('dialog', { name: 'Cadence policy' });
  await expect(policy.getByRole('spinbutton', { name: 'SEV-1 Status update: repeat every minutes (empty for once)' })).toHaveValue('20');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'cadence-policy-dark.png') });
  await policy.getByRole('button', { name: 'Close Cadence policy' }).click();
  await runPaletteAction(page, 'Edit or import the people roster');
  const rosterDialog = page.getByRole('dialog', { name: 'People roster' });
  await expect(rosterDialog.getByRole('list', { name: 'People' }).getByRole('listitem')).toHaveCount(6);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'roster-dark.png') });
  await rosterDialog.getByRole('button', { name: 'Close People roster' }).click();

  // ---- Dependency map: import the Backstage catalog from the dialog.
  await runPaletteAction(page, 'Import a service catalog');
  const importer = page.getByRole('dialog', { name: 'Import service catalog' });
  // A malformed file names the document and line and changes nothing.
  await importer.getByLabel('Or paste the content').fill(CATALOG.replace('  name: inventory-service', '  name: inventory service!'));
  await importer.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importer.getByTestId('catalog-import-error')).toContainText(/document 13, line \d+/);
  await importer.getByLabel('Or paste the content').fill(CATALOG);
  await importer.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importer.getByTestId('catalog-import-result')).toContainText('Imported 23 services');
  await expect(importer.getByTestId('catalog-import-result')).toContainText('3 unknown references');
  await expect(importer.getByTestId('catalog-import-result')).toContainText('1 dependency cycle');
  await importer.getByRole('button', { name: 'Close', exact: true }).click();
  await showOnly(page, 'Dependency map');
  await expect(page.locator('.svc-node')).toHaveCount(23);

  // Search to focus a service, mark it impacted, see the blast radius.
  await page.getByLabel('Find a service').fill('Payments DB');
  await page.keyboard.press('Enter');
  const details = page.getByRole('complementary', { name: 'Details of Payments DB' });
  await expect(details).toBeVisible();
  await details.getByTestId('impact-status').selectOption('major_outage');
  await expect(page.locator('.svc-node.mark-impacted')).toHaveCount(1);
  await expect(page.locator('.svc-node.mark-blast')).toHaveCount(9);
  // Keyboard: Escape on the map clears the selection and shows the incident's blast radius.
  await page.getByTestId('depmap-graph').focus();
  await page.keyboard.press('Escape');
  const radius = page.getByRole('complementary', { name: 'Blast radius' });
  await expect(radius.getByTestId('blast-count')).toHaveText('9');
  await expect(radius).toContainText('Checkout service');
  const br = await host.api('impact:blast-radius', { incidentId: inc.id });
  expect(br.dependents).toHaveLength(9);
  // Arrow keys step through services.
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.svc-node.is-selected')).toHaveCount(1);
  await page.keyboard.press('Escape');
  // Flip a failover state; it lands on the timeline.
  await page.getByLabel('Find a service').fill('API gateway');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Fail over to us-east-1' }).click();
  await expect(page.getByRole('button', { name: '● us-east-1 (active)' })).toBeVisible();
  const after = await host.api('timeline:list', { incidentId: inc.id });
  expect(after.entries.map((e) => e.text)).toContain('Failover: API gateway eu-west-1 → us-east-1');
  await page.getByTestId('depmap-graph').focus();
  await page.keyboard.press('Escape');
  // Let the confirmation toasts time out so they do not cover the map in the screenshots.
  await expect(page.getByRole('button', { name: 'Dismiss message' })).toHaveCount(0, { timeout: 15_000 });
  await page.locator('.react-flow__controls-fitview').click({ timeout: 5_000 });
  await shoot(page, 'pane-depmap');
});

