// Runs where no Secret Service can answer (keystore.test.ts points the session bus at a socket
// that does not exist): selects the key stores with an OS store that is unavailable, so keytar is
// probed and found unusable. Prints one JSON line.
import { selectKeyStores } from '../../../main/core/keystore/selectKeyStore';

const unavailable = {
  backend: 'safeStorage',
  isAvailable: async () => false,
  get: async () => null,
  set: async () => undefined,
  delete: async () => false,
};
const stores = await selectKeyStores({ dataDir: process.argv[2]!, preferred: unavailable });
process.stdout.write(`RESULT ${JSON.stringify({ system: stores.system?.backend ?? null, selected: stores.selected.backend })}\n`);
process.stdout.write(`NOTICE ${stores.notice}\n`);
