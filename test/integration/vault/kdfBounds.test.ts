// Key derivation is bounded and never holds the write queue: an evidence bundle cannot choose a
// scrypt cost above what this app itself uses, and the slow derivations (bundle import, vault
// create, passphrase unlock) run before the write transaction, so other commands go on meanwhile.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSPHRASE, vaultCore } from './helpers';

type VCore = Awaited<ReturnType<typeof vaultCore>>;
const cores: VCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.cleanup();
});
async function passphraseVault(): Promise<VCore> {
  const c = await vaultCore();
  cores.push(c);
  await c.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
  return c;
}

/** A bundle whose header asks for the given scrypt cost (its sealed parts are random bytes). */
function bundleWithCost(logN: number, r: number, p: number): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      format: 'command-post-evidence-bundle',
      version: 1,
      bundleId: '01JBUNDLE00000000000000000',
      kdf: { name: 'scrypt', logN, r, p, salt: randomBytes(16).toString('base64') },
      wrappedKey: randomBytes(60).toString('base64'),
      meta: randomBytes(80).toString('base64'),
    }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32BE(header.length);
  return Buffer.concat([Buffer.from('CPBUNDLE'), len, header]);
}

describe('evidence bundle KDF parameters', () => {
  it('refuses a bundle asking for more than the app’s own scrypt cost, without deriving', async () => {
    const core = await passphraseVault();
    // Just above the app's ceiling first; the last one would cost about 26 minutes and 4 GiB if derived.
    const hostile: Array<[number, number, number]> = [
      [17, 8, 1],
      [16, 16, 1],
      [16, 8, 17],
      [20, 32, 64],
    ];
    for (const [logN, r, p] of hostile) {
      const res = await core.dispatch('artifacts:import', { incidentId: core.incident.id, name: 'x.cpbundle', dataBase64: bundleWithCost(logN, r, p).toString('base64'), bundlePassphrase: 'any passphrase' });
      expect(res.ok, `logN ${logN} r ${r} p ${p}`).toBe(false);
      if (!res.ok) {
        expect(res.error.code, `logN ${logN} r ${r} p ${p}: ${res.error.message}`).toBe('invalid_input');
        expect(res.error.message).toMatch(/key-derivation cost/);
      }
    }
    expect(await core.invoke('artifacts:list', { incidentId: core.incident.id })).toEqual([]);
  });
});

describe('no key derivation inside the write transaction', () => {
  /** Runs three timeline appends one after another while `slow` is under way; returns the completion order. */
  async function raceAgainst(core: VCore, slow: () => Promise<unknown>): Promise<string[]> {
    const order: string[] = [];
    const running = slow().then((r) => {
      order.push('slow');
      return r;
    });
    for (let i = 0; i < 3; i++) {
      await core.invoke('timeline:append', { incidentId: core.incident.id, kind: 'note', text: `meanwhile ${i}` });
      order.push(`append ${i}`);
    }
    const r = (await running) as { ok: boolean; error?: unknown };
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return order;
  }

  it('other commands complete while a bundle import derives its key', async () => {
    const core = await passphraseVault();
    const art = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'capture.log', dataBase64: Buffer.from('packet capture').toString('base64') });
    const bundle = await core.invoke('artifacts:export', { id: art.id, destination: 'inline', format: 'bundle', passphrase: 'bundle passphrase' });
    const order = await raceAgainst(core, () =>
      core.dispatch('artifacts:import', { incidentId: core.incident.id, name: 'b', dataBase64: bundle.dataBase64!, bundlePassphrase: 'bundle passphrase' }),
    );
    expect(order).toEqual(['append 0', 'append 1', 'append 2', 'slow']);
  });

  it('other commands complete while a passphrase unlock derives its key', async () => {
    const core = await passphraseVault();
    await core.invoke('vault:lock', {});
    const order = await raceAgainst(core, () => core.dispatch('vault:unlock', { passphrase: PASSPHRASE }));
    expect(order).toEqual(['append 0', 'append 1', 'append 2', 'slow']);
    expect((await core.invoke('vault:status', {})).state).toBe('unlocked');
  });

  it('other commands complete while vault:create derives the passphrase key', async () => {
    const core = await vaultCore();
    cores.push(core);
    const order = await raceAgainst(core, () => core.dispatch('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE }));
    expect(order).toEqual(['append 0', 'append 1', 'append 2', 'slow']);
    expect((await core.invoke('vault:status', {})).state).toBe('unlocked');
  });

  it('other commands complete while an export derives the bundle key', async () => {
    const core = await passphraseVault();
    const art = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'capture.log', dataBase64: Buffer.from('packet capture').toString('base64') });
    const order = await raceAgainst(core, () => core.dispatch('artifacts:export', { id: art.id, destination: 'inline', format: 'bundle', passphrase: 'bundle passphrase' }));
    expect(order).toEqual(['append 0', 'append 1', 'append 2', 'slow']);
  });
});
