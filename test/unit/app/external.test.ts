import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EXTERNAL_HOSTS, externalAllowList, hostAllowed, openExternalSafely, setExternalAllowList } from '../../../main/app/external';
import { fake } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

beforeEach(() => {
  fake.reset();
  setExternalAllowList(DEFAULT_EXTERNAL_HOSTS);
});

describe('openExternalSafely', () => {
  it.each([
    ['https://github.com/acme/api/pull/12', true],
    ['https://GitHub.com/acme', true],
    ['https://docs.github.com/en', true],
    ['https://acme.pagerduty.com/incidents/PABC', true],
    ['https://acme.atlassian.net/browse/OPS-1', true],
    ['https://github.com:443/x', true],
    ['http://github.com/acme', false],
    ['https://github.com.evil.example/', false],
    ['https://evilgithub.com/', false],
    ['https://pagerduty.com/', false], // '*.pagerduty.com' covers subdomains only
    ['https://user:pass@github.com/', false],
    ['https://github.com:8443/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['JAVASCRIPT:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['smb://server/share', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['app://command-post/index.html', false],
    ['//github.com/acme', false],
    ['github.com', false],
    ['', false],
    [`https://github.com/${'a'.repeat(3000)}`, false],
  ])('%s → %s', async (url, allowed) => {
    expect(await openExternalSafely(url)).toBe(allowed);
    if (allowed) expect(fake.openExternal).toHaveBeenCalledWith(new URL(url).toString(), { activate: true });
    else expect(fake.openExternal).not.toHaveBeenCalled();
  });

  it.each([[undefined], [null], [42], [{ toString: () => 'https://github.com/' }]])('refuses non-strings (%j)', async (v) => {
    expect(await openExternalSafely(v)).toBe(false);
    expect(fake.openExternal).not.toHaveBeenCalled();
  });

  it('uses a configurable allow-list', async () => {
    setExternalAllowList(['status.acme.example', '*.corp.example']);
    expect(externalAllowList()).toEqual(['status.acme.example', '*.corp.example']);
    expect(await openExternalSafely('https://status.acme.example/')).toBe(true);
    expect(await openExternalSafely('https://wiki.corp.example/runbook')).toBe(true);
    expect(await openExternalSafely('https://github.com/')).toBe(false);
    expect(await openExternalSafely('https://x.acme.example/', ['*.acme.example'])).toBe(true);
  });

  it('reports false when the OS refuses to open', async () => {
    fake.openExternal.mockRejectedValueOnce(new Error('no handler'));
    expect(await openExternalSafely('https://github.com/')).toBe(false);
  });

  it('matches hosts exactly or as subdomains of a wildcard entry', () => {
    expect(hostAllowed('github.com.', ['github.com'])).toBe(true);
    expect(hostAllowed('a.b.slack.com', ['*.slack.com'])).toBe(true);
    expect(hostAllowed('slack.com', ['*.slack.com'])).toBe(false);
    expect(hostAllowed('xslack.com', ['*.slack.com'])).toBe(false);
  });
});
