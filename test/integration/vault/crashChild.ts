// Child process for the vault crash test: imports artifacts as fast as it can (streamed staging and
// inline imports, several in flight) and reports each only after the core acknowledged it. The
// parent SIGKILLs it at random moments.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createCore } from '../../../main/core/createCore';
import { fromBuffer } from '../../../main/core/vault/bytes';

const [dataDir, passphrase, incidentId] = process.argv.slice(2) as [string, string, string];
const core = await createCore({ dataDir, keyStore: null });
await core.invoke('vault:unlock', { passphrase });
fs.writeSync(1, 'READY\n');
for (let i = 0; ; i++) {
  const jobs = [0, 1, 2].map(async (j) => {
    const data = randomBytes(j === 0 ? 3 * 1024 * 1024 + i : 1000 + i * 17);
    const digest = createHash('sha256').update(data).digest('hex');
    if (j === 0) {
      const uploadId = await core.vault.stage(fromBuffer(data, 256 * 1024));
      const res = await core.dispatch('artifacts:import', { incidentId, name: `big-${i}.bin`, uploadId });
      if (!res.ok) throw new Error(res.error.message);
      return { id: (res.data as { id: string }).id, digest };
    }
    const a = await core.invoke('artifacts:import', { incidentId, name: `small-${i}-${j}.bin`, dataBase64: data.toString('base64') });
    return { id: a.id, digest };
  });
  for (const r of await Promise.all(jobs)) fs.writeSync(1, `ACK ${r.id} ${r.digest}\n`);
}
