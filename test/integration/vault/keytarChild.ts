// Runs inside dbus-run-session with a real gnome-keyring (see keytar.test.ts). Exercises the keytar
// backend and a key-store vault against the Secret Service, then prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../../main/core/createCore';
import { KeytarKeyStore } from '../../../main/core/keystore/keytarKeyStore';
import { selectKeyStores } from '../../../main/core/keystore/selectKeyStore';
import { MASTER_KEY_ACCOUNT } from '../../../main/core/vault/vault';

const out: Record<string, unknown> = {};
const store = new KeytarKeyStore('Command Post test');
out.available = await store.isAvailable();
await store.set('probe', Buffer.from([0, 1, 2, 255]));
out.roundTrip = (await store.get('probe'))?.toString('hex');
out.deleted = await store.delete('probe');
out.afterDelete = await store.get('probe');

// With the preferred OS store unavailable, the selection probes keytar and takes it.
const selectionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-keytar-select-'));
const unavailable = { backend: 'safeStorage', isAvailable: async () => false, get: async () => null, set: async () => undefined, delete: async () => false };
const selected = await selectKeyStores({ dataDir: selectionDir, preferred: unavailable });
out.selection = { system: selected.system?.backend ?? null, selected: selected.selected.backend };
fs.rmSync(selectionDir, { recursive: true, force: true });

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-keytar-'));
let core = await createCore({ dataDir });
await core.invoke('profile:set', { displayName: 'K', handle: 'kt' });
const inc = await core.invoke('incidents:declare', { title: 'Keytar', severity: 'SEV-4' });
const created = await core.invoke('vault:create', { mode: 'keystore' });
out.created = created.status;
const art = await core.invoke('artifacts:import', { incidentId: inc.id, name: 'k.txt', dataBase64: Buffer.from('from the keyring').toString('base64') });
await core.close();

core = await createCore({ dataDir });
out.afterRestart = (await core.invoke('vault:status', {})).state;
out.read = (await core.invoke('artifacts:read', { id: art.id })).text;
await core.close();

// Lose the key store entry: the vault stays locked until the recovery key re-enrols the key.
await new KeytarKeyStore().delete(MASTER_KEY_ACCOUNT);
core = await createCore({ dataDir });
out.afterLoss = (await core.invoke('vault:status', {})).state;
await core.invoke('vault:unlock', { recoveryKey: created.recoveryKey });
out.reEnrolled = (await new KeytarKeyStore().get(MASTER_KEY_ACCOUNT))?.length ?? null;
await core.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
