// Child process for the data-folder lock test: opens a core on the folder it is given, writes a
// little, reports READY (or REFUSED with the error message) on stdout, then waits to be killed.
import fs from 'node:fs';
import { createCore } from '../../../main/core/createCore';

const [dataDir] = process.argv.slice(2) as [string];
try {
  const core = await createCore({ dataDir, keyStore: null });
  if (!(await core.invoke('profile:get', {}))) await core.invoke('profile:set', { displayName: 'Lock Tester', handle: 'lock' });
  const inc = await core.invoke('incidents:declare', { title: `Held by ${process.pid}`, severity: 'SEV-3' });
  await core.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'first holder note' });
  // The head seal follows commits shortly after; write it now so the folder is quiet from READY on.
  await core.integrity.flush();
  // Stay alive (the parent SIGKILLs or SIGTERMs us); a bounded guard ends an orphan by itself.
  process.on('SIGTERM', () => void core.close().then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 60_000);
  fs.writeSync(1, `READY ${process.pid}\n`);
} catch (err) {
  fs.writeSync(1, `REFUSED ${(err as Error).message.replace(/\n/g, ' ')}\n`);
  process.exit(3);
}
