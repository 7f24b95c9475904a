// @vitest-environment node
// Streaming uploads and ticket downloads of the API client, and the vault pane choosing between
// them, against a real core with a real vault: the browser host (realHost.ts) streams files of any
// size to /api/vault/upload; the Electron window (electronShell.ts: the real preload and IPC handlers,
// no HTTP server) sends small files inline through artifacts:import and points big ones at the
// native file dialog.
import '../nodeDom';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandPostApi } from '../../../shared/contract';
import type { Incident } from '../../../shared/domain/incidents';
import { AppError } from '../../../shared/errors';
import type { ArtifactSummary } from '../../../shared/domain/vault';
import { currentToasts, toastActions } from '../../../renderer/src/lib/toasts';
import { VaultPane } from '../../../renderer/src/features/vault';
import { createElectronApi, createHttpApi, fileNameFromDisposition, type ApiClient } from '../../../renderer/src/lib/api';
import { INLINE_UPLOAD_MAX_BYTES, uploadArtifact } from '../../../renderer/src/features/vault/upload';
import { tempCore, type TempCore } from '../../helpers/tempCore';
import { electronWindow } from '../electronShell';
import { nodeXhr } from '../nodeXhr';
import { useRealCores, VAULT_PASSPHRASE } from '../realApi';
import { HOST_TOKEN, otherServer, realHost, recordingFetch } from '../realHost';
import { renderWithClient } from '../render';

vi.mock('electron', async () => (await import('../electronModule')).electronModule());

const real = useRealCores();
const UPLOAD = '/api/vault/upload';

// One core with an unlocked passphrase vault for the whole file (creating a vault tunes scrypt to
// 250 ms or more); each test declares its own incident, so artifacts never mix.
let core: TempCore;
beforeAll(async () => {
  core = await tempCore({ keyStore: null, sync: { start: false } });
  await core.invoke('vault:create', { mode: 'passphrase', passphrase: VAULT_PASSPHRASE });
}, 30_000);
afterAll(() => core.cleanup());

const incident = (title = 'Evidence drill'): Promise<Incident> => core.invoke('incidents:declare', { title, severity: 'SEV-2' });
const artifacts = (inc: Incident) => core.invoke('artifacts:list', { incidentId: inc.id });
const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError);

describe('ApiClient.upload on the browser host', () => {
  it('POSTs the raw bytes with the bearer token and returns the answer’s data', async () => {
    // An evidence bundle exported by a console, imported with its passphrase header.
    const source = await incident('Where the evidence came from');
    const original = await core.invoke('artifacts:import', { incidentId: source.id, name: 'big.bin', dataBase64: Buffer.from([1, 2, 3]).toString('base64') });
    const exported = await core.invoke('artifacts:export', { id: original.id, destination: 'inline', format: 'bundle', passphrase: 'pass phrase' });
    const inc = await incident();
    const host = await realHost(real, core);
    const body = new Blob([Buffer.from(exported.dataBase64!, 'base64')]);
    const r = await host.client().upload<ArtifactSummary>(UPLOAD, body, { incidentId: inc.id, name: 'big file (1).bin' }, { 'X-Bundle-Passphrase': 'pass phrase' });
    expect(r.name).toBe('big.bin');
    expect(await artifacts(inc)).toEqual([r]);
    const { url, init } = host.fetch.calls[0]!;
    expect(url).toBe(`${host.base}${UPLOAD}?incidentId=${inc.id}&name=big+file+%281%29.bin`);
    expect(init!.method).toBe('POST');
    expect(init!.body).toBe(body); // the Blob itself: never read into memory or base64
    expect(init!.headers).toEqual({ 'X-Bundle-Passphrase': 'pass phrase', Authorization: `Bearer ${HOST_TOKEN}`, 'Content-Type': 'application/octet-stream' });
  });

  // Each failure is produced for real: a host with a 1 KiB limit, a locked vault, an empty name, an
  // incident that does not exist.
  it.each([
    [413, 'invalid_input', 'Upload is larger than 1024 bytes.', { maxUploadBytes: 1024 }, 1025, {}],
    [503, 'unavailable', 'The vault is locked: unlock it to import, preview or export evidence.', { lock: true }, 1, {}],
    [400, 'invalid_input', 'Invalid upload: name must not be empty', {}, 1, { name: '' }],
    [404, 'not_found', 'No incident INC-2026-0042.', {}, 1, { incidentId: 'INC-2026-0042' }],
  ] as const)('maps HTTP %i to a typed %s error', async (status, code, message, setup, size, query) => {
    const inc = await incident();
    const host = await realHost(real, core, 'maxUploadBytes' in setup ? { maxUploadBytes: setup.maxUploadBytes } : {});
    if ('lock' in setup) await core.invoke('vault:lock', {});
    try {
      const err = await errorOf(host.client().upload(UPLOAD, new Blob([new Uint8Array(size)]), { incidentId: inc.id, name: 'a.txt', ...query }));
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code, message });
      // The status the host really answered.
      expect(host.fetch.calls.map((c) => c.status)).toEqual([status]);
    } finally {
      if ('lock' in setup) await core.invoke('vault:unlock', { passphrase: VAULT_PASSPHRASE });
    }
    expect(await artifacts(inc)).toEqual([]);
  });

  it('names a 401, a broken connection and a body that is not JSON', async () => {
    const inc = await incident();
    const host = await realHost(real, core);
    const api401 = host.client({ token: 'tok-wrong-0123456789' });
    expect(await errorOf(api401.upload(UPLOAD, new Blob(['x']), { incidentId: inc.id, name: 'a.txt' }))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^Not authorised/) });
    // The backend goes away. Node's fetch says "fetch failed" where Chromium says "Failed to fetch".
    const gone = await realHost(real, core);
    const reset = gone.client();
    await gone.stop();
    expect(await errorOf(reset.upload(UPLOAD, new Blob(['x']), { incidentId: inc.id, name: 'a.txt' }))).toMatchObject({ code: 'unavailable', message: expect.stringContaining('broke off (/api/vault/upload): fetch failed') });
    // A proxy in front of the console answering for a backend that is down.
    const proxy = await otherServer(real, (req, res) => {
      req.resume();
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>502</html>');
    });
    const viaProxy = createHttpApi({ baseUrl: proxy.base, token: HOST_TOKEN, fetch: recordingFetch() });
    expect(await errorOf(viaProxy.upload(UPLOAD, new Blob(['x']), {}))).toMatchObject({ code: 'unavailable', message: 'The backend answered upload /api/vault/upload with HTTP 502 and no readable body.' });
    expect(await artifacts(inc)).toEqual([]);
  });

  it('refuses without a token, and never sends the token to another origin or outside /api/', async () => {
    const host = await realHost(real, core);
    expect(await errorOf(host.client({ token: null }).upload(UPLOAD, new Blob(['x']), {}))).toMatchObject({ code: 'forbidden' });
    const api = host.client();
    expect(await errorOf(api.upload('http://evil.example/api/vault/upload', new Blob(['x']), {}))).toMatchObject({ code: 'invalid_input' });
    expect(await errorOf(api.upload('//evil.example/api/x', new Blob(['x']), {}))).toMatchObject({ code: 'invalid_input' });
    expect(await errorOf(api.download('/index.html'))).toMatchObject({ code: 'invalid_input' });
    expect(host.fetch.calls).toHaveLength(0);
  });

  it('reports progress through XMLHttpRequest and maps its answer the same way', async () => {
    const host = await realHost(real, core);
    const xhr = nodeXhr({ chunkBytes: 64 * 1024 });
    const progress: Array<[number, number]> = [];
    const api = host.client({ XMLHttpRequest: xhr.XMLHttpRequest });
    // The whole body is read and staged, then the import is refused: the incident does not exist.
    const err = await errorOf(api.upload(UPLOAD, new Blob([new Uint8Array(160 * 1024)]), { incidentId: 'INC-2026-0042', name: 'x' }, {}, { onProgress: (s, t) => progress.push([s, t]) }));
    expect(progress).toEqual([
      [65536, 163840],
      [131072, 163840],
      [163840, 163840],
    ]);
    expect(xhr.control.requests).toHaveLength(1);
    expect(xhr.control.requests[0]!.requestHeaders.Authorization).toBe(`Bearer ${HOST_TOKEN}`);
    expect(xhr.control.requests[0]!.status).toBe(404);
    expect(err).toMatchObject({ code: 'not_found', message: 'No incident INC-2026-0042.' });
    expect(host.fetch.calls).toHaveLength(0);
  });
});

describe('ApiClient.download', () => {
  it('fetches a ticket path with the bearer token and keeps the file name', async () => {
    const inc = await incident();
    const a = await core.invoke('artifacts:import', { incidentId: inc.id, name: 'checkout—eu.log', dataBase64: Buffer.from('hello').toString('base64') });
    const ticket = await core.invoke('artifacts:export', { id: a.id, destination: 'download', format: 'plain' });
    const host = await realHost(real, core);
    const api = host.client();
    expect(api.downloadUrl('/api/vault/download?ticket=abc')).toBe(`${host.base}/api/vault/download?ticket=abc`);
    const file = await api.download(ticket.downloadPath!);
    expect(await file.blob.text()).toBe('hello');
    expect(file.fileName).toBe('checkout—eu.log');
    const { url, init } = host.fetch.calls[0]!;
    expect(url).toBe(`${host.base}${ticket.downloadPath!}`);
    expect(url).toMatch(/\/api\/vault\/download\?ticket=[A-Za-z0-9_-]{16,64}$/);
    expect(init!.headers).toEqual({ Authorization: `Bearer ${HOST_TOKEN}` });
    // One-time: the same ticket is spent.
    expect(await errorOf(api.download(ticket.downloadPath!))).toMatchObject({ code: 'not_found' });
  });

  it('maps an expired ticket to not_found', async () => {
    const api = (await realHost(real, core)).client();
    expect(await errorOf(api.download('/api/vault/download', { ticket: 'abcdefghijklmnop' }))).toMatchObject({ code: 'not_found', message: 'Unknown or expired download; export again.' });
  });

  it('reads plain and RFC 5987 file names', () => {
    expect(fileNameFromDisposition('attachment; filename="a \\"b\\".txt"')).toBe('a "b".txt');
    expect(fileNameFromDisposition('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(fileNameFromDisposition(null)).toBeNull();
  });
});

/** The real preload's bridge as an older preload offers it (no native dialogs), its invoke recorded. */
async function olderBridge() {
  const { bridge } = await electronWindow(real, core);
  const invoke = vi.fn(bridge.invoke);
  return { invoke, subscribe: bridge.subscribe } as unknown as CommandPostApi & { invoke: typeof invoke };
}

describe('vault uploads in the Electron window (features/vault/upload.ts)', () => {
  it('sends small files inline through artifacts:import, passphrase and source included', async () => {
    const inc = await incident();
    const b = await olderBridge();
    const api = createElectronApi(b);
    const err = await errorOf(uploadArtifact(api, new Blob(['abc']), { incidentId: inc.id, name: 'a.cpbundle', source: 'paste' }, { 'x-bundle-passphrase': 'secret pass' }));
    expect(b.invoke).toHaveBeenCalledWith('artifacts:import', { incidentId: inc.id, name: 'a.cpbundle', dataBase64: 'YWJj', bundlePassphrase: 'secret pass', source: 'paste' });
    // The core got the passphrase: it refuses "abc" as a bundle, and stores nothing.
    expect(err).toMatchObject({ code: 'invalid_input', message: 'A bundle passphrase was given but the file is not a Command Post evidence bundle.' });
    expect(await artifacts(inc)).toEqual([]);
  });

  it('refuses files over the inline limit with a pointer to a streaming path, without reading them', async () => {
    const inc = await incident();
    const b = await olderBridge();
    const big = new Blob([new Uint8Array(INLINE_UPLOAD_MAX_BYTES + 1)]);
    const read = vi.spyOn(big, 'arrayBuffer');
    const err = await errorOf(uploadArtifact(createElectronApi(b), big, { incidentId: inc.id, name: 'core.dump' }));
    expect(err).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('“core.dump” is 12.0 MiB') });
    expect(err!.message).toContain('streams any size');
    expect(read).not.toHaveBeenCalled();
    expect(b.invoke).not.toHaveBeenCalled();
  });

  it('has no ticket downloads', async () => {
    expect(await errorOf(createElectronApi(await olderBridge()).download('/api/vault/download?ticket=x'))).toMatchObject({ code: 'unavailable' });
  });
});

describe('vault pane: streamed upload vs inline', () => {
  beforeEach(() => toastActions.clear());

  const renderPane = (api: ApiClient, inc: Incident) => renderWithClient(<VaultPane incidentId={inc.id} />, api);

  async function pick(file: File) {
    const input = (await screen.findByTestId('vault-file-input')) as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
  }

  it('streams a 3 MiB file to /api/vault/upload on the browser host', async () => {
    const inc = await incident();
    const host = await realHost(real, core);
    renderPane(host.client(), inc);
    // A HAR is JSON text: zero bytes named .har would be flagged as not matching their name.
    const head = '{"log":{"version":"1.2","creator":{"name":"devtools","version":"1"},"entries":[],"comment":"';
    const file = new File([head + 'x'.repeat(3 * 1024 * 1024 - head.length - 3) + '"}}'], 'trace.har');
    await pick(file);
    await waitFor(() => expect(currentToasts().map((t) => t.message)).toContain('Encrypted “trace.har” (3.0 MiB) into the vault.'));
    const calls = host.fetch.calls.map((c) => ({ url: new URL(c.url).pathname + new URL(c.url).search, body: c.init?.body }));
    const upload = calls.find((c) => c.url.startsWith(UPLOAD))!;
    expect(upload.url).toBe(`${UPLOAD}?incidentId=${inc.id}&name=trace.har&source=file`);
    expect(upload.body).toBe(file);
    expect(calls.some((c) => c.url.startsWith('/api/artifacts%3Aimport'))).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await artifacts(inc)).toMatchObject([{ name: 'trace.har', size: 3 * 1024 * 1024, mismatch: false }]);
  });

  it('shows progress while streaming and can cancel', async () => {
    const inc = await incident();
    const host = await realHost(real, core);
    // A slow link: the upload stops after 1 MiB of 4 until the test lets it go (it never does).
    const xhr = nodeXhr({ holdAfter: 1024 * 1024 });
    renderPane(host.client({ XMLHttpRequest: xhr.XMLHttpRequest }), inc);
    await pick(new File([new Uint8Array(4 * 1024 * 1024)], 'dump.bin'));
    await xhr.control.held;
    const bar = await screen.findByRole('progressbar', { name: 'Uploading dump.bin' });
    await waitFor(() => expect(bar.getAttribute('value')).toBe(String(1024 * 1024)));
    expect(screen.getByTestId('vault-upload-progress').textContent).toContain('25% · 1.0 MiB of 4.0 MiB');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('vault-upload-progress')).toBeNull());
    expect(currentToasts().map((t) => t.message)).toContain('Cancelled “dump.bin”; nothing was added.');
    expect(await artifacts(inc)).toEqual([]);
  });

  it('sends inline through artifacts:import when there is no browser host', async () => {
    const inc = await incident();
    const b = await olderBridge();
    renderPane(createElectronApi(b), inc);
    await pick(new File(['abc'], 'note.txt'));
    await waitFor(() => expect(b.invoke.mock.calls.some((c) => c[0] === 'artifacts:import')).toBe(true));
    expect(b.invoke.mock.calls.find((c) => c[0] === 'artifacts:import')![1]).toEqual({ incidentId: inc.id, name: 'note.txt', dataBase64: 'YWJj', source: 'file' });
    await waitFor(async () => expect(await artifacts(inc)).toMatchObject([{ name: 'note.txt', size: 3, source: 'file' }]));
  });

  it('points big files at a streaming path in the Electron window', async () => {
    const inc = await incident();
    const b = await olderBridge();
    renderPane(createElectronApi(b), inc);
    await pick(new File([new Uint8Array(INLINE_UPLOAD_MAX_BYTES + 1)], 'core.dump'));
    expect(await screen.findByText(/“core\.dump” is 12\.0 MiB.*streams any size/)).toBeTruthy();
    expect(b.invoke.mock.calls.some((c) => c[0] === 'artifacts:import')).toBe(false);
  });
});
