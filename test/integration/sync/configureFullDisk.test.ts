// integrations:configure on a full disk: a typed storage_error that names the full disk, and the
// integration exactly as it was: no row without its secret, no secret without its row.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { PassphraseKeyStore } from '../../../main/core/keystore/passphraseKeyStore';
import { integrationsRepo } from '../../../main/core/repositories/integrationsRepo';
import { AppError } from '../../../shared/errors';
import { FAKE_CREDENTIALS as C } from '../../fakes';
import { mountSmallDisk, type SmallDisk } from '../../helpers/fullDisk';
import { tempCore, tempDir, type TempCore } from '../../helpers/tempCore';
import { TEST_PASSPHRASE } from './harness';

let disk: SmallDisk | null = null;
let core: TempCore | null = null;
afterEach(async () => {
  await core?.cleanup();
  disk?.cleanup();
  core = null;
  disk = null;
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the command to fail');
}

/** Every secret the store holds for an integration name, whichever account it uses. */
async function secretsOf(ks: PassphraseKeyStore, name: string): Promise<string[]> {
  const raw = JSON.parse(fs.readFileSync(ks.file, 'utf8')) as { entries: Record<string, string> };
  const out: string[] = [];
  for (const account of Object.keys(raw.entries)) {
    if (!account.startsWith(`integration:${name}`)) continue;
    const v = await ks.get(account);
    if (v) out.push(v.toString('utf8'));
  }
  return out;
}

test('the key store file is on a full disk: storage_error naming the disk, nothing about the integration changes', async () => {
  disk = mountSmallDisk(512);
  const keyStore = new PassphraseKeyStore(path.join(disk.dir, 'keys'));
  await keyStore.create(TEST_PASSPHRASE);
  core = await tempCore({ dataDir: tempDir('cp-cfg-full-'), keyStore: null, sync: { keyStore, start: false } });
  const before = await core.invoke('integrations:configure', { kind: 'opsgenie', name: 'og', baseUrl: 'http://127.0.0.1:9', settings: {}, secret: C.opsgenie.apiKey });

  disk.fill();
  const changed = await failure(core.invoke('integrations:configure', { kind: 'opsgenie', name: 'og', settings: { source: 'new source' }, secret: 'og-rotated-key-0002' }));
  const added = await failure(core.invoke('integrations:configure', { kind: 'slack', name: 'chat', baseUrl: 'http://127.0.0.1:9', settings: {}, secret: C.slack.token }));

  for (const err of [changed, added]) {
    expect(err.code).toBe('storage_error');
    expect(err.message).toMatch(/disk is full/i);
    expect(err.message).toMatch(/nothing was saved/i);
  }
  expect(await core.invoke('integrations:list', {})).toEqual([before]);
  expect(await secretsOf(keyStore, 'og')).toEqual([C.opsgenie.apiKey]);
  expect(await secretsOf(keyStore, 'chat')).toEqual([]);

  // With room again the same commands work: it was the disk, not the input.
  disk.free();
  await core.invoke('integrations:configure', { kind: 'opsgenie', name: 'og', settings: { source: 'new source' }, secret: 'og-rotated-key-0002' });
  await core.invoke('integrations:configure', { kind: 'slack', name: 'chat', baseUrl: 'http://127.0.0.1:9', settings: {}, secret: C.slack.token });
  const og = (await integrationsRepo.get(core.db.reader, 'og'))!;
  expect((await keyStore.get(og.secretRef!))!.toString()).toBe('og-rotated-key-0002');
  expect(await secretsOf(keyStore, 'og')).toEqual(['og-rotated-key-0002']);
  expect((await core.invoke('integrations:list', {})).map((i) => [i.name, i.hasSecret])).toEqual([
    ['chat', true],
    ['og', true],
  ]);
});

test('the database is on a full disk: the secret written for the new settings does not outlive the failed commit', async () => {
  disk = mountSmallDisk(16 * 1024);
  const keyStore = new PassphraseKeyStore(tempDir('cp-cfg-keys-'));
  await keyStore.create(TEST_PASSPHRASE);
  core = await tempCore({ dataDir: path.join(disk.dir, 'data'), keyStore: null, sync: { keyStore, start: false } });
  const before = await core.invoke('integrations:configure', { kind: 'opsgenie', name: 'og', baseUrl: 'http://127.0.0.1:9', settings: {}, secret: C.opsgenie.apiKey });

  disk.fill();
  const changed = await failure(core.invoke('integrations:configure', { kind: 'opsgenie', name: 'og', settings: { source: 'new source' }, secret: 'og-rotated-key-0002' }));
  const added = await failure(core.invoke('integrations:configure', { kind: 'slack', name: 'chat', baseUrl: 'http://127.0.0.1:9', settings: {}, secret: C.slack.token }));
  for (const err of [changed, added]) {
    expect(err.code).toBe('storage_error');
    expect(err.message).toMatch(/disk is full/i);
  }
  disk.free();
  expect(await core.invoke('integrations:list', {})).toEqual([before]);
  expect(await secretsOf(keyStore, 'og')).toEqual([C.opsgenie.apiKey]);
  expect(await secretsOf(keyStore, 'chat')).toEqual([]);
});

test('a nearly full disk cuts the key store write short: the store is never replaced by the cut-off copy', async () => {
  disk = mountSmallDisk(512);
  const dir = path.join(disk.dir, 'keys');
  const keyStore = new PassphraseKeyStore(dir);
  await keyStore.create(TEST_PASSPHRASE);
  // Enough other secrets that the store file spans several pages.
  for (let n = 0; n < 40; n++) await keyStore.set(`other:${n}`, Buffer.alloc(300, 0x41 + (n % 26)));
  core = await tempCore({ dataDir: tempDir('cp-cfg-short-'), keyStore: null, sync: { keyStore, start: false } });
  const before = await core.invoke('integrations:configure', { kind: 'opsgenie', name: 'og', baseUrl: 'http://127.0.0.1:9', settings: {}, secret: C.opsgenie.apiKey });
  expect(fs.statSync(keyStore.file).size).toBeGreaterThan(4 * 4096);

  disk.fill(4096); // one page left: the next write of the store starts, then runs out
  const err = await failure(core.invoke('integrations:configure', { kind: 'opsgenie', name: 'og', settings: {}, secret: 'og-rotated-key-0002' }));
  expect(err.code).toBe('storage_error');
  expect(err.message).toMatch(/disk is full/i);
  disk.free();

  expect(await core.invoke('integrations:list', {})).toEqual([before]);
  expect(await secretsOf(keyStore, 'og')).toEqual([C.opsgenie.apiKey]);
  for (let n = 0; n < 40; n++) expect((await keyStore.get(`other:${n}`))?.equals(Buffer.alloc(300, 0x41 + (n % 26)))).toBe(true);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), 'temp files left behind').toEqual([]);
});
