// When the backend goes away the console says so, and a failed command names the problem.
import { expect, startBuiltHost, test } from './fixtures';

test('losing the backend shows in the status bar and in the failed action', async ({ page }) => {
  const host = await startBuiltHost();
  let stopped = false;
  try {
    await host.api('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
    await host.api('incidents:declare', { title: 'Disk latency', severity: 'SEV-3' });
    await page.goto(host.url);
    const status = page.getByRole('contentinfo', { name: 'Status' });
    await expect(status.getByTestId('connection-status')).toHaveText('Online');
    // "Online" comes with the push socket, which can open before the incident has loaded: the war
    // room must be on screen before the backend goes, or there is no composer to type into.
    await expect(page.getByRole('textbox', { name: 'Note text' })).toBeVisible();

    await host.stop();
    stopped = true;
    await expect(status.getByTestId('connection-status')).toHaveText(/Backend unreachable — reconnecting/);
    await page.keyboard.press('n');
    await page.keyboard.type('Still there?');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'Not added' })).toContainText('Cannot reach the Command Post backend (timeline:append)');
    // The text was not lost: it is back in the composer to retry.
    await expect(page.getByRole('textbox', { name: 'Note text' })).toHaveValue('Still there?');
  } finally {
    if (!stopped) await host.stop();
  }
});
