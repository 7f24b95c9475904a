// The war room's layout in Chromium at a laptop (1366×768), a desktop (1440×900) and a wall screen
// (1920×1080) with EVERY pane open: no control of the war room (button, field, tab, link) is clipped
// or covered — after scrolling it into view within its own scroll containers, its box lies inside
// the viewport and every clipping ancestor, and document.elementFromPoint at its centre hits it.
// Every pane is checked as the shown tab of its area. Then maximise/restore, focus mode, moving a
// pane by keyboard, a saved role layout (kept across a reload, a removed pane dropped), a 500-person
// roster that covers no role card, compact density with the Declare dialog, and a pane detached
// into its own window. Screenshots of each layout in both themes go to LAYOUT_SHOTS_DIR.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, ROOT, SCREENSHOT_DIR, test, type HostHandle } from './fixtures';

const SHOTS = process.env.LAYOUT_SHOTS_DIR ?? path.join(SCREENSHOT_DIR, 'layout');
test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

const CATALOG = fs.readFileSync(path.join(ROOT, 'resources/catalogs/catalog-info.yaml'), 'utf8');
/** Every pane and the shortcut that opens (or brings forward) it. */
const PANES: Array<[id: string, key: string]> = [
  ['timeline', 'Alt+1'],
  ['roles', 'Alt+2'],
  ['timers', 'Alt+3'],
  ['depmap', 'Alt+4'],
  ['vault', 'Alt+6'],
  ['outbox', 'Alt+7'],
  ['integrations', 'Alt+8'],
];
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

function roster(n: number): string {
  const teams = ['SRE', 'Payments', 'Platform', 'Support', 'Comms', 'Security'];
  const lines = ['name,handle,team,email'];
  for (let i = 1; i <= n; i++) {
    const id = String(i).padStart(4, '0');
    lines.push(`Person ${id},p${id},${teams[i % teams.length]},p${id}@example.com`);
  }
  return lines.join('\n');
}

async function seed(host: HostHandle, people = 500) {
  await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
  await host.api('roster:import', { format: 'csv', content: roster(people) });
  await host.api('catalog:import', { format: 'backstage', content: CATALOG });
  await host.api('incidents:declare', { title: 'Search latency in us-east-1', severity: 'SEV-3' });
  const inc = await host.api('incidents:declare', { title: 'Checkout failing in eu-west-1', severity: 'SEV-1', summary: 'Payments time out for EU customers.' });
  for (let i = 1; i <= 30; i++) await host.api('timeline:append', { incidentId: inc.id, kind: (['note', 'decision', 'action'] as const)[i % 3]!, text: `Entry ${i}: observation from the war room` });
  await host.api('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'p0001' });
  await host.api('roles:assign', { incidentId: inc.id, role: 'scribe', person: 'p0002' });
  await host.api('roles:assign', { incidentId: inc.id, role: 'comms_lead', person: 'p0003' });
  await host.api('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Bad deploy of payments 4.2', minutes: 15, owner: 'p0004' });
  await host.api('timers:start', { incidentId: inc.id, kind: 'ask', label: 'Replica lag report', minutes: 10, owner: 'p0005' });
  await host.api('cadence:start', { incidentId: inc.id });
  return inc;
}

interface Problem {
  what: string;
  why: string;
}

/**
 * Every visible control inside `scope`, checked as described at the top. Runs in the page. Controls
 * hidden on purpose (display:none, collapsed <details>, the skip link until focused, visually-hidden
 * inputs of 1 px) are not on screen and are not counted.
 */
async function audit(page: Page, scope = 'body'): Promise<{ checked: number; problems: Problem[] }> {
  return page.evaluate((scopeSel) => {
    const root = document.querySelector(scopeSel) ?? document.body;
    const sel = 'button, input, select, textarea, a[href], [role="tab"], [role="button"], summary';
    const problems: Array<{ what: string; why: string }> = [];
    let checked = 0;
    const describe = (el: Element) => {
      const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).placeholder ?? '';
      const text = (label || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
      const pane = el.closest('[data-pane]')?.getAttribute('data-pane') ?? el.closest('[aria-label]')?.getAttribute('aria-label') ?? '';
      return `<${el.tagName.toLowerCase()}> "${text}"${pane ? ` in ${pane}` : ''}`;
    };
    const scrollable = (el: Element, axis: 'x' | 'y') => {
      const cs = getComputedStyle(el);
      const o = axis === 'x' ? cs.overflowX : cs.overflowY;
      const h = el as HTMLElement;
      return (o === 'auto' || o === 'scroll') && (axis === 'x' ? h.scrollWidth > h.clientWidth + 1 : h.scrollHeight > h.clientHeight + 1);
    };
    const clips = (el: Element) => {
      const cs = getComputedStyle(el);
      return cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
    };
    const controls = [...root.querySelectorAll(sel)].filter((el) => {
      if (el.classList.contains('skip-link')) return false;
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1;
    });
    for (const el of controls) {
      checked++;
      // Centre it in each scroll container around it, innermost first.
      for (let a = el.parentElement; a; a = a.parentElement) {
        const r = el.getBoundingClientRect();
        const ar = a.getBoundingClientRect();
        if (scrollable(a, 'y')) a.scrollTop += r.top + r.height / 2 - (ar.top + a.clientHeight / 2);
        if (scrollable(a, 'x')) a.scrollLeft += r.left + r.width / 2 - (ar.left + a.clientWidth / 2);
      }
      const r = el.getBoundingClientRect();
      let box = { l: 0, t: 0, r: window.innerWidth, b: window.innerHeight };
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        if (!clips(a)) continue;
        const ar = a.getBoundingClientRect();
        box = { l: Math.max(box.l, ar.left), t: Math.max(box.t, ar.top), r: Math.min(box.r, ar.right), b: Math.min(box.b, ar.bottom) };
      }
      const tol = 1.5;
      if (r.left < box.l - tol || r.top < box.t - tol || r.right > box.r + tol || r.bottom > box.b + tol) {
        problems.push({ what: describe(el), why: `clipped: box ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} outside ${Math.round(box.l)},${Math.round(box.t)}–${Math.round(box.r)},${Math.round(box.b)}` });
        continue;
      }
      // A disabled control (e.g. "Zoom out" at the smallest zoom) takes no pointer: its box is checked, not its hit.
      if ((el as HTMLButtonElement).disabled || getComputedStyle(el).pointerEvents === 'none') continue;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
      if (!hit || !(hit === el || el.contains(hit) || (label && label.contains(hit)) || (hit as Element).closest('label')?.contains(el))) {
        problems.push({ what: describe(el), why: `covered by ${hit ? describe(hit) : 'nothing'}` });
      }
    }
    return { checked, problems };
  }, scope);
}

async function expectNothingClipped(page: Page, where: string, scope?: string) {
  const { checked, problems } = await audit(page, scope);
  expect(checked, `${where}: controls found`).toBeGreaterThan(3);
  expect(problems, `${where}: ${checked} controls checked`).toEqual([]);
}

/** Areas (tab strips) of the stored layout, each the list of its panes. */
async function areasOf(page: Page): Promise<string[][]> {
  return page.evaluate(() => {
    const dock = JSON.parse(localStorage.getItem('commandpost.ui') ?? '{}').state?.layout?.dock;
    const out: string[][] = [];
    const walk = (n: { type: string; data: unknown }) => {
      if (n.type === 'leaf') out.push((n.data as { views: string[] }).views);
      else for (const c of n.data as Array<{ type: string; data: unknown }>) walk(c);
    };
    if (dock) walk(dock.grid.root);
    return out;
  });
}

async function openAllPanes(page: Page) {
  for (const [, key] of PANES) await page.keyboard.press(key);
  for (const [id] of PANES) await expect(page.locator(`[data-pane-tab="${id}"]`)).toBeVisible();
}

async function shoot(page: Page, name: string) {
  // Scroll containers back to their start (the audit scrolled them), so the pictures show the panes as opened.
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('.pane-body, .role-board, .virtual-rows, [data-testid="timeline-scroll"]')) el.scrollTop = 0;
  });
  await page.waitForTimeout(200);
  for (const theme of ['dark', 'light'] as const) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`) });
  }
  await page.getByTestId('theme-toggle').click();
}

/** Toasts sit over the corner of the war room by design; they are dismissed before an audit. */
async function noToasts(page: Page) {
  const dismiss = page.getByRole('button', { name: 'Dismiss message' });
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click();
  await expect(dismiss).toHaveCount(0);
}


for (const size of SIZES) {
  test(`${size.width}×${size.height}, every pane open: no control clipped or covered, in any pane`, async ({ page, host }) => {
    test.setTimeout(120_000);
    const inc = await seed(host);
    await page.setViewportSize(size);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(host.url);
    await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
    await openAllPanes(page);
    // The pictures first: the audit below scrolls every container it looks into.
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('timeline-row').first()).toBeVisible();
    await shoot(page, `all-panes-${size.width}x${size.height}`);
    // Every pane in front of its area in turn, then the whole war room is audited.
    for (const [id, key] of PANES) {
      await page.keyboard.press(key);
      await expect(page.locator(`section.pane[data-pane="${id}"]`)).toBeVisible();
      if (id === 'depmap') await expect(page.locator('.svc-node').first()).toBeVisible();
      await noToasts(page);
      await expectNothingClipped(page, `${size.width}×${size.height} with ${id} in front`);
    }
    // No area is squeezed below its pane's minimum width.
    const narrow = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('section.pane[data-pane]')].filter((s) => s.clientWidth < 300).map((s) => `${s.dataset.pane} ${s.clientWidth}px`),
    );
    expect(narrow).toEqual([]);
    // The role board with 500 people: the roster is virtualized and every role card can be seen.
    await page.keyboard.press('Alt+2');
    const rolesPane = page.locator('section.pane[data-pane="roles"]');
    await expect(rolesPane.getByRole('searchbox', { name: 'Find a person' })).toBeVisible();
    expect(await rolesPane.locator('button.person-chip').count()).toBeLessThan(100);
    const covered = await rolesPane.evaluate((pane) => {
      const bad: string[] = [];
      for (const card of pane.querySelectorAll<HTMLElement>('li[data-role]')) {
        card.scrollIntoView({ block: 'center' });
        const r = card.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 14));
        if (!hit || !card.contains(hit)) bad.push(`${card.dataset.role} covered by ${hit?.className ?? 'nothing'}`);
      }
      return bad;
    });
    expect(covered).toEqual([]);
    await expect(rolesPane.locator('li[data-role]')).toHaveCount(9);
  });
}

test('1366×768 is compact: many timeline entries in view, the Declare dialog fits with its button visible', async ({ page, host }) => {
  const inc = await seed(host, 40);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-density', 'compact');
  const rows = page.getByTestId('timeline-row');
  await expect(rows.first()).toBeVisible();
  const inView = await page.getByTestId('timeline-scroll').evaluate((sc) => {
    const box = sc.getBoundingClientRect();
    return [...sc.querySelectorAll('[data-testid="timeline-row"]')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
    }).length;
  });
  expect(inView).toBeGreaterThanOrEqual(6);
  await page.keyboard.press('Control+Shift+KeyD');
  const declare = page.getByRole('dialog', { name: 'Declare incident' });
  await expect(declare).toBeVisible();
  await expectNothingClipped(page, 'Declare dialog at 1366×768', '[role="dialog"]');
  await expect(declare.getByRole('button', { name: /^Declare/ })).toBeInViewport();
  await page.screenshot({ path: path.join(SHOTS, 'declare-1366x768-compact-dark.png') });
  await declare.getByRole('button', { name: 'Close Declare incident' }).click();
  // The toggle: comfortable on the same screen, and back.
  await page.keyboard.press('Control+KeyK');
  await page.getByRole('dialog', { name: 'Command palette' }).getByRole('combobox').fill('Toggle compact density');
  await page.getByRole('option', { name: /Toggle compact density/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-density', 'comfortable');
  await page.keyboard.press('Control+KeyK');
  await page.getByRole('dialog', { name: 'Command palette' }).getByRole('combobox').fill('Density: automatic');
  await page.getByRole('option', { name: /Density: automatic/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-density', 'compact');
  await openAllPanes(page);
  await shoot(page, 'compact-1366x768');
});

test('compact mode on a desktop screen, by the toggle: every pane still unclipped', async ({ page, host }) => {
  const inc = await seed(host, 40);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-density', 'comfortable');
  await page.keyboard.press('Control+KeyK');
  await page.getByRole('dialog', { name: 'Command palette' }).getByRole('combobox').fill('Toggle compact density');
  await page.getByRole('option', { name: /Toggle compact density/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-density', 'compact');
  await openAllPanes(page);
  await page.keyboard.press('Alt+1');
  await shoot(page, 'compact-1440x900');
  for (const [id, key] of PANES) {
    await page.keyboard.press(key);
    await noToasts(page);
    await expectNothingClipped(page, `compact 1440×900 with ${id} in front`);
  }
});

test('maximise and restore, focus mode, moving a pane by keyboard; the shortcuts are listed', async ({ page, host }) => {
  const inc = await seed(host, 20);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  // The IC layout of a wall screen: timeline | roles over time-boxes | map over outbox.
  await page.getByLabel('Layout for role').selectOption('ic');
  await expect.poll(() => areasOf(page)).toEqual([['timeline'], ['roles'], ['timers'], ['depmap'], ['outbox']]);
  const groups = page.locator('.dv-groupview');
  await expect(groups).toHaveCount(5);
  // Areas on screen (a maximised area leaves the others in the DOM at no size).
  const shownAreas = () => page.evaluate(() => [...document.querySelectorAll('.dv-groupview')].filter((g) => g.getBoundingClientRect().width > 10 && g.getBoundingClientRect().height > 10).length);

  // Maximise the role board, audit it, restore.
  await page.keyboard.press('Alt+2');
  await page.keyboard.press('Alt+Shift+KeyM');
  await expect.poll(shownAreas).toBe(1);
  await expect(page.locator('section.pane[data-pane="roles"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restore the layout' })).toBeVisible();
  await expectNothingClipped(page, 'roles maximised');
  await page.screenshot({ path: path.join(SHOTS, 'maximised-roles-1920x1080-dark.png') });
  await page.keyboard.press('Alt+Shift+KeyM');
  await expect.poll(shownAreas).toBe(5);
  // The area's own button does the same.
  await page.getByRole('button', { name: 'Maximise Dependency map' }).click();
  await expect.poll(shownAreas).toBe(1);
  await page.getByRole('button', { name: 'Restore the layout' }).click();
  await expect.poll(shownAreas).toBe(5);

  // Focus mode: the active pane alone, no incident list; Escape leaves it.
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Alt+Shift+KeyF');
  await expect(page.getByRole('toolbar', { name: 'Focus mode' })).toContainText('Focus mode: Timeline');
  await expect(page.getByRole('navigation', { name: 'Incidents' })).toHaveCount(0);
  await expect(page.locator('section.pane:visible')).toHaveCount(1);
  await expectNothingClipped(page, 'focus mode');
  await page.screenshot({ path: path.join(SHOTS, 'focus-mode-1920x1080-dark.png') });
  await page.locator('section.pane[data-pane="timeline"]').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('navigation', { name: 'Incidents' })).toBeVisible();
  await expect.poll(shownAreas).toBe(5);

  // Keyboard move: the outbox to the next area (wrapping to the timeline's), then into an area of its own.
  await page.keyboard.press('Alt+7');
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await expect.poll(() => areasOf(page)).toEqual([['timeline', 'outbox'], ['roles'], ['timers'], ['depmap']]);
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await expect.poll(() => areasOf(page)).toEqual([['timeline'], ['roles'], ['timers'], ['depmap', 'outbox']]);
  await page.keyboard.press('Alt+Shift+KeyN');
  await expect.poll(async () => (await areasOf(page)).filter((a) => a.length === 1 && a[0] === 'outbox').length).toBe(1);
  await expect(groups).toHaveCount(5);
  await noToasts(page);
  await expectNothingClipped(page, 'after moving the outbox');

  // The shortcuts dialog lists the layout keys.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const t of ['Maximise or restore the active pane', 'Focus mode: only the active pane', 'Move the active pane to the next area', 'Move the active pane to the previous area', 'Move the active pane to a new area']) {
    await expect(help.getByRole('row', { name: new RegExp(t) })).toBeVisible();
  }
  await expect(help.getByRole('row', { name: /Move the active pane to the next area/ })).toContainText('Alt+Shift+→');
});

test('a saved role layout comes back (also after a reload); a pane that no longer exists is dropped', async ({ page, host }) => {
  const inc = await seed(host, 20);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  // The comms lead's default for a laptop-class screen, from the palette.
  await page.keyboard.press('Control+KeyK');
  await page.getByRole('dialog', { name: 'Command palette' }).getByRole('combobox').fill('Layout: Communications Lead');
  await page.getByRole('option', { name: /Layout: Communications Lead/ }).click();
  await expect.poll(() => areasOf(page)).toEqual([['timeline'], ['outbox', 'integrations'], ['timers']]);
  await expect(page.getByLabel('Layout for role')).toHaveValue('comms');
  // Rearrange: time-boxes join the timeline's area; save it for the comms lead.
  await page.keyboard.press('Alt+3');
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await expect.poll(() => areasOf(page)).toEqual([['timeline'], ['outbox', 'integrations', 'timers']]);
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await expect.poll(() => areasOf(page)).toEqual([['timeline', 'timers'], ['outbox', 'integrations']]);
  await page.getByRole('button', { name: 'Save layout' }).click();
  await expect(page.getByText('Layout saved for Communications Lead on this screen size.')).toBeVisible();
  // Another role shows its own layout…
  await page.getByLabel('Layout for role').selectOption('ic');
  await expect.poll(() => areasOf(page)).toEqual([['timeline'], ['roles', 'depmap'], ['timers']]);
  // …and the comms lead's saved one comes back, also after a reload.
  await page.getByLabel('Layout for role').selectOption('comms');
  await expect.poll(() => areasOf(page)).toEqual([['timeline', 'timers'], ['outbox', 'integrations']]);
  await page.reload();
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  await expect(page.getByLabel('Layout for role')).toHaveValue('comms');
  await expect.poll(() => areasOf(page)).toEqual([['timeline', 'timers'], ['outbox', 'integrations']]);
  await shoot(page, 'saved-comms-layout-1440x900');

  // A layout saved by an older version with a pane since removed ("wallboard") loads without it.
  await page.evaluate(() => {
    const rec = JSON.parse(localStorage.getItem('commandpost.ui')!);
    const saved = rec.state.layout.saved['comms:laptop'];
    const leaf = saved.grid.root.data[1];
    leaf.data.views.push('wallboard');
    leaf.data.activeView = 'wallboard';
    saved.panels.wallboard = { id: 'wallboard', contentComponent: 'pane', title: 'Wallboard' };
    rec.state.layout.saved['scribe:laptop'] = { ...saved, grid: { ...saved.grid, root: { ...saved.grid.root, data: [...saved.grid.root.data, { type: 'leaf', size: 200, data: { id: '99', views: ['wallboard'], activeView: 'wallboard' } }] } } };
    rec.state.layout.dock = rec.state.layout.saved['scribe:laptop'];
    rec.state.layout.role = 'scribe';
    localStorage.setItem('commandpost.ui', JSON.stringify(rec));
  });
  await page.reload();
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  await expect.poll(() => areasOf(page)).toEqual([['timeline', 'timers'], ['outbox', 'integrations']]);
  await page.getByLabel('Layout for role').selectOption('comms');
  await page.getByLabel('Layout for role').selectOption('scribe');
  await expect.poll(() => areasOf(page)).toEqual([['timeline', 'timers'], ['outbox', 'integrations']]);
  await expect(page.locator('.dv-groupview')).toHaveCount(2);
  await expect(page.getByText(/pane failed/)).toHaveCount(0);
});

test('a window moved to another screen size keeps every open pane; a closed pane comes back by its shortcut', async ({ page, host }) => {
  const inc = await seed(host, 20);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  await openAllPanes(page);
  await page.keyboard.press('Alt+6');
  const open = async () => (await areasOf(page)).flat().sort();
  const all = PANES.map(([id]) => id).sort();
  await expect.poll(open).toEqual(all);
  // To a laptop-sized window (another size class, with a layout of its own): nothing the commander
  // had open is closed, and the pane in use stays in front.
  await page.setViewportSize({ width: 1366, height: 768 });
  await expect.poll(async () => (await areasOf(page)).length).toBeLessThan(5);
  await expect.poll(open).toEqual(all);
  await expect(page.locator('section.pane[data-pane="vault"]')).toBeVisible();
  // And back to the wall screen.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(async () => (await areasOf(page)).length).toBeGreaterThan(2);
  await expect.poll(open).toEqual(all);
  await noToasts(page);
  await expectNothingClipped(page, 'back on the wall screen');
  // A pane closed by its tab's button comes back with its shortcut.
  await page.getByRole('button', { name: 'Close Integrations pane' }).click();
  await expect(page.locator('[data-pane-tab="integrations"]')).toHaveCount(0);
  await page.locator('section.pane[data-pane="timeline"]').focus();
  await page.keyboard.press('Alt+8');
  await expect(page.locator('section.pane[data-pane="integrations"]')).toBeVisible();
  await expect.poll(open).toEqual(all);
});

test('a pane opens in its own window (wall screen) showing that pane for the current incident', async ({ page, host }) => {
  const inc = await seed(host, 20);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  await page.keyboard.press('Alt+2');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open Roles in a new window' }).click()]);
  await popup.waitForLoadState();
  const url = new URL(popup.url());
  expect(url.searchParams.get('pane')).toBe('roles');
  expect(url.searchParams.get('incident')).toBe(inc.id);
  expect(url.searchParams.get('token')).toBeNull();
  await popup.setViewportSize({ width: 1920, height: 1080 });
  const bar = popup.getByRole('banner', { name: 'Wall screen window' });
  await expect(bar).toContainText(inc.humanId);
  await expect(bar).toContainText('Checkout failing in eu-west-1');
  await expect(popup.locator('[data-pane="roles"]').getByRole('listitem', { name: /^Incident Commander: Person 0001/ })).toBeVisible();
  // Live: a change made in the war room shows in the wall window.
  await host.api('roles:assign', { incidentId: inc.id, role: 'deputy', person: 'p0012' });
  await expect(popup.getByRole('listitem', { name: /^Deputy: Person 0012/ })).toBeVisible();
  await expectNothingClipped(popup, 'detached roles window');
  await popup.screenshot({ path: path.join(SHOTS, 'detached-roles-1920x1080-dark.png') });
  // The timeline too, by its route; an unknown pane falls back to the war room.
  await popup.goto(`${host.baseURL}/?pane=timeline&incident=${inc.id}`);
  await expect(popup.getByTestId('timeline-row').first()).toBeVisible();
  await popup.goto(`${host.baseURL}/?pane=nope&incident=${inc.id}`);
  await expect(popup.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
});
