// Streaming uploads and ticket downloads of the API client (issue 6), and the vault pane choosing
// between them: the browser host streams files of any size to /api/vault/upload; the Electron
// window (no HTTP server) sends small files inline through artifacts:import and points big ones
// at the native file dialog.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandPostApi } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ArtifactSummary, VaultStatus } from '../../shared/vault';
import { useUi } from '../../renderer/src/app/store';
import { VaultPane } from '../../renderer/src/features/vault';
import { INLINE_UPLOAD_MAX_BYTES, createElectronApi, createHttpApi, fileNameFromDisposition, type ApiClient } from '../../renderer/src/lib/api';
import { createFakeApi } from './fakeApi';
import { renderWithClient } from './render';

const BASE = 'http://127.0.0.1:4780';
const TOKEN = 'tok-0123456789abcdef';
const INC = '01JINCIDENT00000000000000A';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const fail = (status: number, code: string, message: string) => json(status, { ok: false, error: { code, message } });

function summary(name: string, size: number): ArtifactSummary {
  return {
    id: '01JARTIFACT0000000000000001',
    incidentId: INC,
    name,
    extension: name.split('.').pop() ?? '',
    contentType: 'application/octet-stream',
    family: 'binary',
    mismatch: false,
    size,
    plaintextSha256: 'a'.repeat(64),
    source: 'upload',
    previewKind: 'none',
    addedBy: 'ada',
    addedAt: '2026-11-24T10:00:00.000Z',
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
  };
}

const UNLOCKED: VaultStatus = { state: 'unlocked', mode: 'passphrase', backend: 'passphrase', systemKeyStore: null, passphraseSet: true, createdAt: '2026-11-24T09:00:00.000Z', artifacts: 0, orphans: 0 };

const httpApi = (fetch: typeof globalThis.fetch, extra: Partial<Parameters<typeof createHttpApi>[0]> = {}) =>
  createHttpApi({ baseUrl: BASE, token: TOKEN, fetch, WebSocket: undefined as never, ...extra });

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError);

describe('ApiClient.upload on the browser host', () => {
  it('POSTs the raw bytes with the bearer token and returns the answer’s data', async () => {
    const fetch = vi.fn(async () => json(200, { ok: true, data: summary('big.bin', 3) }));
    const body = new Blob([new Uint8Array([1, 2, 3])]);
    const r = await httpApi(fetch).upload<ArtifactSummary>('/api/vault/upload', body, { incidentId: INC, name: 'big file (1).bin' }, { 'X-Bundle-Passphrase': 'pass phrase' });
    expect(r.name).toBe('big.bin');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`${BASE}/api/vault/upload?incidentId=${INC}&name=big+file+%281%29.bin`);
    expect(init.method).toBe('POST');
    expect(init.body).toBe(body); // the Blob itself: never read into memory or base64
    expect(init.headers).toEqual({ 'X-Bundle-Passphrase': 'pass phrase', Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream' });
  });

  it.each([
    [413, 'invalid_input', 'Upload is larger than 68719476736 bytes.'],
    [503, 'unavailable', 'The vault is locked: unlock it to import evidence.'],
    [400, 'invalid_input', 'Invalid upload: name must not be empty'],
    [404, 'not_found', 'No incident INC-2026-0042.'],
  ])('maps HTTP %i to a typed %s error', async (status, code, message) => {
    const err = await errorOf(httpApi(vi.fn(async () => fail(status, code, message))).upload('/api/vault/upload', new Blob(['x']), { incidentId: INC, name: 'a.txt' }));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code, message });
  });

  it('names a 401, a broken connection and a body that is not JSON', async () => {
    const api401 = httpApi(vi.fn(async () => fail(401, 'forbidden', 'Missing or wrong token.')));
    expect(await errorOf(api401.upload('/api/vault/upload', new Blob(['x']), {}))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^Not authorised/) });
    const reset = httpApi(vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(await errorOf(reset.upload('/api/vault/upload', new Blob(['x']), {}))).toMatchObject({ code: 'unavailable', message: expect.stringContaining('broke off (/api/vault/upload): Failed to fetch') });
    const proxy = httpApi(vi.fn(async () => new Response('<html>502</html>', { status: 502 })));
    expect(await errorOf(proxy.upload('/api/vault/upload', new Blob(['x']), {}))).toMatchObject({ code: 'unavailable', message: 'The backend answered upload /api/vault/upload with HTTP 502 and no readable body.' });
  });

  it('refuses without a token, and never sends the token to another origin or outside /api/', async () => {
    const fetch = vi.fn(async () => json(200, { ok: true, data: null }));
    expect(await errorOf(createHttpApi({ baseUrl: BASE, token: null, fetch }).upload('/api/vault/upload', new Blob(['x']), {}))).toMatchObject({ code: 'forbidden' });
    const api = httpApi(fetch);
    expect(await errorOf(api.upload('http://evil.example/api/vault/upload', new Blob(['x']), {}))).toMatchObject({ code: 'invalid_input' });
    expect(await errorOf(api.upload('//evil.example/api/x', new Blob(['x']), {}))).toMatchObject({ code: 'invalid_input' });
    expect(await errorOf(api.download('/index.html'))).toMatchObject({ code: 'invalid_input' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reports progress through XMLHttpRequest and maps its answer the same way', async () => {
    const progress: Array<[number, number]> = [];
    class FakeXhr {
      static last: FakeXhr;
      upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      status = 0;
      responseText = '';
      headers: Record<string, string> = {};
      url = '';
      constructor() {
        FakeXhr.last = this;
      }
      open(_m: string, url: string) {
        this.url = url;
      }
      setRequestHeader(k: string, v: string) {
        this.headers[k] = v;
      }
      getResponseHeader() {
        return 'application/json';
      }
      abort() {
        this.onabort?.();
      }
      send(body: Blob) {
        setTimeout(() => {
          this.upload.onprogress?.({ loaded: body.size / 2, total: body.size, lengthComputable: true });
          this.upload.onprogress?.({ loaded: body.size, total: body.size, lengthComputable: true });
          this.status = 503;
          this.responseText = JSON.stringify({ ok: false, error: { code: 'unavailable', message: 'The vault is locked: unlock it to import evidence.' } });
          this.onload?.();
        }, 0);
      }
    }
    const api = httpApi(vi.fn(), { XMLHttpRequest: FakeXhr as unknown as typeof XMLHttpRequest });
    const err = await errorOf(api.upload('/api/vault/upload', new Blob([new Uint8Array(10)]), { name: 'x' }, {}, { onProgress: (s, t) => progress.push([s, t]) }));
    expect(progress).toEqual([
      [5, 10],
      [10, 10],
    ]);
    expect(FakeXhr.last.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(err).toMatchObject({ code: 'unavailable', message: 'The vault is locked: unlock it to import evidence.' });
  });
});

describe('ApiClient.download', () => {
  it('fetches a ticket path with the bearer token and keeps the file name', async () => {
    const fetch = vi.fn(async () => new Response('hello', { status: 200, headers: { 'Content-Type': 'text/plain', 'Content-Disposition': `attachment; filename="checkout.log"; filename*=UTF-8''checkout%E2%80%94eu.log` } }));
    const api = httpApi(fetch);
    expect(api.downloadUrl('/api/vault/download?ticket=abc')).toBe(`${BASE}/api/vault/download?ticket=abc`);
    const file = await api.download('/api/vault/download?ticket=abcdefghijklmnop');
    expect(await file.blob.text()).toBe('hello');
    expect(file.fileName).toBe('checkout—eu.log');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`${BASE}/api/vault/download?ticket=abcdefghijklmnop`);
    expect(init.headers).toEqual({ Authorization: `Bearer ${TOKEN}` });
  });

  it('maps an expired ticket to not_found', async () => {
    const api = httpApi(vi.fn(async () => fail(404, 'not_found', 'Unknown or expired download; export again.')));
    expect(await errorOf(api.download('/api/vault/download', { ticket: 'abcdefghijklmnop' }))).toMatchObject({ code: 'not_found', message: 'Unknown or expired download; export again.' });
  });

  it('reads plain and RFC 5987 file names', () => {
    expect(fileNameFromDisposition('attachment; filename="a \\"b\\".txt"')).toBe('a "b".txt');
    expect(fileNameFromDisposition('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(fileNameFromDisposition(null)).toBeNull();
  });
});

describe('ApiClient.upload in the Electron window', () => {
  const bridge = () => {
    const invoke = vi.fn(async () => summary('a.txt', 3));
    return { invoke, subscribe: () => () => undefined } as unknown as CommandPostApi & { invoke: typeof invoke };
  };

  it('sends small files inline through artifacts:import, passphrase and source included', async () => {
    const b = bridge();
    const api = createElectronApi(b);
    await api.upload('/api/vault/upload', new Blob(['abc']), { incidentId: INC, name: 'a.cpbundle', source: 'paste' }, { 'x-bundle-passphrase': 'secret pass' });
    expect(b.invoke).toHaveBeenCalledWith('artifacts:import', { incidentId: INC, name: 'a.cpbundle', dataBase64: 'YWJj', bundlePassphrase: 'secret pass', source: 'paste' });
  });

  it('refuses files over the inline limit with a pointer to a streaming path, without reading them', async () => {
    const b = bridge();
    const big = new Blob([new Uint8Array(INLINE_UPLOAD_MAX_BYTES + 1)]);
    const read = vi.spyOn(big, 'arrayBuffer');
    const err = await errorOf(createElectronApi(b).upload('/api/vault/upload', big, { incidentId: INC, name: 'core.dump' }));
    expect(err).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('“core.dump” is 12.0 MiB') });
    expect(err!.message).toContain('streams any size');
    expect(read).not.toHaveBeenCalled();
    expect(b.invoke).not.toHaveBeenCalled();
  });

  it('uses the preload’s streaming channel when it offers one', async () => {
    const b = bridge();
    const upload = vi.fn(async () => summary('huge.bin', 1));
    const api = createElectronApi(Object.assign(b, { upload }));
    const big = new Blob([new Uint8Array(INLINE_UPLOAD_MAX_BYTES + 1)]);
    await api.upload('/api/vault/upload', big, { incidentId: INC, name: 'huge.bin' });
    expect(upload).toHaveBeenCalledWith('/api/vault/upload', big, { incidentId: INC, name: 'huge.bin' }, {}, {});
    expect(b.invoke).not.toHaveBeenCalled();
  });

  it('has no ticket downloads', async () => {
    expect(await errorOf(createElectronApi(bridge()).download('/api/vault/download?ticket=x'))).toMatchObject({ code: 'unavailable' });
  });
});

describe('vault pane: streamed upload vs inline', () => {
  beforeEach(() => useUi.setState({ toasts: [] }));
  afterEach(cleanup);

  const renderPane = (api: ApiClient) => renderWithClient(<VaultPane incidentId={INC} />, api);

  async function pick(file: File) {
    const input = (await screen.findByTestId('vault-file-input')) as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
  }

  it('streams a 3 MiB file to /api/vault/upload on the browser host', async () => {
    const calls: Array<{ url: string; body: unknown }> = [];
    const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const u = new URL(String(url));
      calls.push({ url: u.pathname + u.search, body: init?.body });
      if (u.pathname === '/api/vault%3Astatus') return json(200, { ok: true, data: UNLOCKED });
      if (u.pathname === '/api/artifacts%3Alist') return json(200, { ok: true, data: [] });
      if (u.pathname === '/api/vault/upload') return json(200, { ok: true, data: summary('trace.har', 3 * 1024 * 1024) });
      return fail(404, 'unknown_command', `not in this test: ${u.pathname}`);
    });
    renderPane(httpApi(fetch as typeof globalThis.fetch));
    const file = new File([new Uint8Array(3 * 1024 * 1024)], 'trace.har');
    await pick(file);
    await waitFor(() => expect(useUi.getState().toasts.map((t) => t.message)).toContain('Encrypted “trace.har” (3.0 MiB) into the vault.'));
    const upload = calls.find((c) => c.url.startsWith('/api/vault/upload'))!;
    expect(upload.url).toBe(`/api/vault/upload?incidentId=${INC}&name=trace.har&source=file`);
    expect(upload.body).toBe(file);
    expect(calls.some((c) => c.url.startsWith('/api/artifacts%3Aimport'))).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows progress while streaming and can cancel', async () => {
    const fetch = vi.fn(async (url: string | URL | Request) => {
      const u = new URL(String(url));
      if (u.pathname === '/api/vault%3Astatus') return json(200, { ok: true, data: UNLOCKED });
      return json(200, { ok: true, data: [] });
    });
    let sent: ((loaded: number) => void) | null = null;
    class SlowXhr {
      upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      open() {}
      setRequestHeader() {}
      getResponseHeader() {
        return null;
      }
      abort() {
        this.onabort?.();
      }
      send(body: Blob) {
        sent = (loaded) => this.upload.onprogress?.({ loaded, total: body.size, lengthComputable: true });
      }
    }
    renderPane(httpApi(fetch as typeof globalThis.fetch, { XMLHttpRequest: SlowXhr as unknown as typeof XMLHttpRequest }));
    await pick(new File([new Uint8Array(4 * 1024 * 1024)], 'dump.bin'));
    await waitFor(() => expect(sent).not.toBeNull());
    sent!(1024 * 1024);
    const bar = await screen.findByRole('progressbar', { name: 'Uploading dump.bin' });
    await waitFor(() => expect(bar.getAttribute('value')).toBe(String(1024 * 1024)));
    expect(screen.getByTestId('vault-upload-progress').textContent).toContain('25% · 1.0 MiB of 4.0 MiB');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('vault-upload-progress')).toBeNull());
    expect(useUi.getState().toasts.map((t) => t.message)).toContain('Cancelled “dump.bin”; nothing was added.');
  });

  it('sends inline through artifacts:import when there is no browser host', async () => {
    const fake = createFakeApi();
    fake.override('vault:status', () => UNLOCKED);
    fake.override('artifacts:list', () => []);
    fake.override('artifacts:import', (i) => summary(i.name, 3));
    const b = { invoke: fake.invoke, subscribe: fake.subscribe } as CommandPostApi;
    renderPane(createElectronApi(b));
    await pick(new File(['abc'], 'note.txt'));
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'artifacts:import')).toBe(true));
    expect(fake.calls.find((c) => c.name === 'artifacts:import')!.input).toEqual({ incidentId: INC, name: 'note.txt', dataBase64: 'YWJj', source: 'file' });
  });

  it('points big files at a streaming path in the Electron window', async () => {
    const fake = createFakeApi();
    fake.override('vault:status', () => UNLOCKED);
    fake.override('artifacts:list', () => []);
    renderPane(createElectronApi({ invoke: fake.invoke, subscribe: fake.subscribe } as CommandPostApi));
    await pick(new File([new Uint8Array(INLINE_UPLOAD_MAX_BYTES + 1)], 'core.dump'));
    expect(await screen.findByText(/“core\.dump” is 12\.0 MiB.*streams any size/)).toBeTruthy();
    expect(fake.calls.some((c) => c.name === 'artifacts:import')).toBe(false);
  });
});
