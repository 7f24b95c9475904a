// The evidence vault end to end in Chromium against the built host: create a passphrase vault (the
// recovery key is shown once), import a screenshot and a log file, preview both decrypted in memory,
// flag a disguised file, export an encrypted bundle and import it back, then lock and see previews
// refused. Screenshots of the pane in dark and light.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOT_DIR, test } from './fixtures';

test.beforeAll(() => fs.mkdirSync(SCREENSHOT_DIR, { recursive: true }));

const PASS = 'correct horse battery staple';
const LOG = ['2026-11-24T10:01:02Z ERROR checkout: upstream timeout after 30s', '2026-11-24T10:01:03Z WARN  retries exhausted for order 4411', ''].join('\n');

async function shoot(page: Page, name: string) {
  const modalOpen = (await page.locator('.modal-backdrop').count()) > 0;
  for (const theme of ['dark', 'light'] as const) {
    const current = await page.locator('html').getAttribute('data-theme');
    if (current !== theme) {
      // A modal traps the pointer, so with one open the theme attribute is set directly (visual only).
      if (modalOpen) await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
      else await page.getByTestId('theme-toggle').click();
    }
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${theme}.png`) });
  }
  if (modalOpen) await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  else await page.getByTestId('theme-toggle').click();
}

async function openVaultOnly(page: Page) {
  await page.keyboard.press('Control+KeyK');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').or(palette.getByLabel('Search commands')).first().fill('Open Evidence vault pane');
  await palette.getByRole('option', { name: /Open Evidence vault pane/ }).first().click();
  for (const other of ['Timeline', 'Roles', 'Time-boxes', 'Dependency map']) {
    const close = page.getByRole('button', { name: `Close ${other} pane`, exact: true });
    if (await close.count()) await close.click();
  }
  await expect(page.getByTestId('vault-pane')).toBeVisible();
}

test('vault: create, import a screenshot and a log, preview, export a bundle, lock', async ({ page, host }) => {
  test.setTimeout(120_000);
  await host.api('profile:set', { displayName: 'Grace Hopper', handle: 'grace' });
  const inc = await host.api('incidents:declare', { title: 'Checkout failing in eu-west-1', severity: 'SEV-1' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  const screenshot = await page.screenshot();
  await openVaultOnly(page);
  const pane = page.getByTestId('vault-pane');

  // No OS key store in this browser host: the vault asks for a passphrase.
  await expect(pane.getByText('No system key store is available here')).toBeVisible();
  await pane.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(PASS);
  await pane.getByLabel('Repeat passphrase').fill(PASS);
  await pane.getByRole('button', { name: 'Create vault' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your vault recovery key' });
  await expect(dialog.getByTestId('recovery-key')).toHaveText(/^CPRK(-[0-9A-Z]{1,5}){11}$/);
  await shoot(page, 'vault-recovery-key');
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeDisabled();
  await dialog.getByLabel('I have stored the recovery key somewhere safe').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(pane.getByTestId('vault-state')).toHaveText(/Unlocked · passphrase/);

  const input = page.getByTestId('vault-file-input');
  await input.setInputFiles({ name: 'checkout-error.png', mimeType: 'image/png', buffer: screenshot });
  await expect(pane.getByTestId('vault-row')).toHaveCount(1);
  await input.setInputFiles({ name: 'checkout.log', mimeType: 'text/plain', buffer: Buffer.from(LOG) });
  await input.setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!doctype html><script>alert(document.domain)</script>') });
  await expect(pane.getByTestId('vault-row')).toHaveCount(3);
  const pdfRow = pane.getByTestId('vault-row').filter({ hasText: 'invoice.pdf' });
  await expect(pdfRow.getByText('name ≠ content')).toBeVisible();
  await expect(pane.getByTestId('vault-row').filter({ hasText: 'checkout-error.png' })).toContainText('grace');

  // Previews are decrypted in memory: the image from a blob: URL, the log and the HTML as text.
  await pane.getByRole('button', { name: 'Preview checkout-error.png' }).click();
  const img = pane.getByTestId('vault-preview-image');
  await expect(img).toBeVisible();
  expect(await img.evaluate((el: HTMLImageElement) => ({ w: el.naturalWidth, src: el.src.slice(0, 5) }))).toEqual({ w: 1440, src: 'blob:' });
  await shoot(page, 'vault-preview-image');
  await pane.getByRole('button', { name: 'Preview invoice.pdf' }).click();
  await expect(pane.getByTestId('vault-preview-text')).toContainText('<script>alert(document.domain)</script>');
  await pane.getByRole('button', { name: 'Preview checkout.log' }).click();
  await expect(pane.getByTestId('vault-preview-text')).toContainText('upstream timeout after 30s');
  await expect(pane.getByRole('list', { name: 'Custody chain' }).getByRole('listitem')).toHaveCount(2);
  await shoot(page, 'vault-preview-text');

  // Export an encrypted bundle (a real download), then import it back with its passphrase.
  await pane.getByRole('button', { name: 'Export checkout.log' }).click();
  const exp = page.getByRole('dialog', { name: 'Export “checkout.log”' });
  await exp.getByLabel('Bundle passphrase', { exact: true }).fill('bundle pass 2026');
  await exp.getByLabel('Repeat bundle passphrase').fill('bundle pass 2026');
  const [download] = await Promise.all([page.waitForEvent('download'), exp.getByRole('button', { name: 'Export bundle', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('checkout.log.cpbundle');
  const bundleBytes = fs.readFileSync((await download.path())!);
  expect(bundleBytes.subarray(0, 8).toString('latin1')).toBe('CPBUNDLE');
  expect(bundleBytes.includes(Buffer.from('upstream timeout'))).toBe(false);
  await input.setInputFiles({ name: 'from-colleague.cpbundle', mimeType: 'application/octet-stream', buffer: bundleBytes });
  const imp = page.getByRole('dialog', { name: 'Import bundle “from-colleague.cpbundle”' });
  await imp.getByLabel('Bundle passphrase').fill('bundle pass 2026');
  await imp.getByRole('button', { name: 'Import bundle', exact: true }).click();
  await expect(pane.getByTestId('vault-row')).toHaveCount(4);

  // The timeline has every import, view and export.
  const timeline = await host.api('timeline:list', { incidentId: inc.id });
  const texts = timeline.entries.map((e) => e.text);
  expect(texts.filter((t) => t.startsWith('Evidence added'))).toHaveLength(4);
  expect(texts.filter((t) => t.startsWith('Evidence viewed'))).toHaveLength(3);
  expect(texts.filter((t) => t.startsWith('Evidence exported'))).toHaveLength(1);

  // Lock: the preview disappears, preview buttons are disabled and the backend refuses reads.
  await pane.getByRole('button', { name: 'Lock vault' }).click();
  await expect(pane.getByTestId('vault-state')).toHaveText(/Locked/);
  await expect(pane.getByTestId('vault-preview-text')).toHaveCount(0);
  await expect(pane.getByRole('button', { name: 'Preview checkout.log' }).first()).toBeDisabled();
  const list = await host.api('artifacts:list', { incidentId: inc.id });
  await expect(host.api('artifacts:read', { id: list[0]!.id })).rejects.toThrow(/503 unavailable: The vault is locked/);
  await shoot(page, 'vault-locked');

  // Unlock again with the passphrase from the pane.
  await pane.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(PASS);
  await pane.getByRole('button', { name: 'Unlock vault' }).click();
  await expect(pane.getByTestId('vault-state')).toHaveText(/Unlocked/);
  expect((await host.api('custody:verify', {})).ok).toBe(true);
});

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Export an artifact decrypted through the pane (a one-time ticket download) and return its bytes. */
async function exportPlain(page: Page, name: string): Promise<{ bytes: Buffer; fileName: string }> {
  const pane = page.getByTestId('vault-pane');
  await pane.getByRole('button', { name: `Export ${name}` }).click();
  const exp = page.getByRole('dialog', { name: `Export “${name}”` });
  await exp.getByLabel('Decrypted file').check();
  await exp.getByLabel(/I understand this writes the evidence unencrypted/).check();
  const [download] = await Promise.all([page.waitForEvent('download'), exp.getByRole('button', { name: 'Export decrypted', exact: true }).click()]);
  await expect(exp).toHaveCount(0);
  return { bytes: fs.readFileSync((await download.path())!), fileName: download.suggestedFilename() };
}

test('vault: files over the old 700 KiB inline cap stream in intact (pick and drop), and the status bar shows the lock', async ({ page, host }) => {
  test.setTimeout(120_000);
  await host.api('profile:set', { displayName: 'Grace Hopper', handle: 'grace' });
  const inc = await host.api('incidents:declare', { title: 'Packet loss in fra1', severity: 'SEV-2' });
  await host.api('vault:create', { mode: 'passphrase', passphrase: PASS });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: `Incident ${inc.humanId}` })).toBeVisible();
  const badge = page.getByRole('contentinfo', { name: 'Status' }).getByTestId('vault-status');
  await expect(badge).toHaveText(/Vault unlocked/);
  await openVaultOnly(page);
  const pane = page.getByTestId('vault-pane');

  // Picked: 3 MiB + a bit of random bytes, far over the 1 MiB JSON body limit of the host.
  // The link is throttled to ~1 MiB/s so the progress bar can be seen (and photographed).
  const picked = crypto.randomBytes(3 * 1024 * 1024 + 12_345);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
  await page.getByTestId('vault-file-input').setInputFiles({ name: 'capture.pcap', mimeType: 'application/octet-stream', buffer: picked });
  const bar = page.getByRole('progressbar', { name: 'Uploading capture.pcap' });
  await expect(bar).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vault-upload-progress-dark.png') });
  const pickedRow = pane.getByTestId('vault-row').filter({ hasText: 'capture.pcap' });
  await expect(pickedRow).toHaveCount(1, { timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(pickedRow).toContainText('3.0 MiB');

  // Dropped: the bytes are made in the page (as a user's file would be) and hashed there.
  const droppedSha = await page.evaluate(async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 777);
    for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536));
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'heap-snapshot.bin', { type: 'application/octet-stream' }));
    const zone = document.querySelector('[data-testid="vault-drop"]')!;
    zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
    zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    return digest;
  });
  await expect(pane.getByTestId('vault-row')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId('vault-upload-progress')).toHaveCount(0);

  // Both arrived intact: the backend's plaintext digest and an exported copy match the originals.
  const list = await host.api('artifacts:list', { incidentId: inc.id });
  const byName = new Map(list.map((a) => [a.name, a]));
  expect(byName.get('capture.pcap')).toMatchObject({ size: picked.length, plaintextSha256: sha256(picked), source: 'upload', addedBy: 'grace' });
  expect(byName.get('heap-snapshot.bin')).toMatchObject({ size: 3 * 1024 * 1024 + 777, plaintextSha256: droppedSha });
  const pickedOut = await exportPlain(page, 'capture.pcap');
  expect(pickedOut.fileName).toBe('capture.pcap');
  expect(pickedOut.bytes.length).toBe(picked.length);
  expect(sha256(pickedOut.bytes)).toBe(sha256(picked));
  const droppedOut = await exportPlain(page, 'heap-snapshot.bin');
  expect(sha256(droppedOut.bytes)).toBe(droppedSha);
  expect((await host.api('custody:verify', {})).ok).toBe(true);
  await shoot(page, 'vault-large-upload');

  // The status bar follows the lock state, whichever side changes it.
  await pane.getByRole('button', { name: 'Lock vault' }).click();
  await expect(badge).toHaveText(/Vault locked/);
  await expect(badge).toHaveClass(/vault-locked/);
  await shoot(page, 'vault-status-locked');
  await host.api('vault:unlock', { passphrase: PASS });
  await expect(badge).toHaveText(/Vault unlocked/);
  await expect(pane.getByTestId('vault-state')).toHaveText(/Unlocked/);
});
