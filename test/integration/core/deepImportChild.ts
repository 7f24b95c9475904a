// Child process for the hostile-import test: deeply nested catalog and roster files, each imported
// several times (a stack overflow inside V8's regexp compiler aborts the whole process, typically
// on the second attempt). Prints one JSON line per attempt; the parent checks the child survived.
import fs from 'node:fs';
import { createCore } from '../../../main/core/createCore';

const [dataDir] = process.argv.slice(2) as [string];
const core = await createCore({ dataDir });
await core.invoke('profile:set', { displayName: 'Import Tester', handle: 'importer' });
const n = 20_000;
const nest = `${'['.repeat(n)}${']'.repeat(n)}`;
const attempts: Array<[string, Record<string, string>]> = [
  ['catalog:import', { format: 'yaml', content: `services:\n  - id: a\n    tier: ${nest}\n` }],
  ['catalog:import', { format: 'json', content: `{"services": [{"id": "a", "colour": "red", "tier": ${nest}}]}` }],
  ['roster:import', { format: 'json', content: `{"people": [{"handle": "x", "name": "X", "team": ${nest}}]}` }],
];
for (let round = 0; round < 3; round++) {
  for (const [name, input] of attempts) {
    const res = await core.dispatch(name, input, { transport: 'test' });
    fs.writeSync(1, `${JSON.stringify({ name, format: input.format, ok: res.ok, code: res.ok ? null : res.error.code, message: res.ok ? null : res.error.message.slice(0, 300) })}\n`);
  }
}
await core.close();
fs.writeSync(1, 'DONE\n');
