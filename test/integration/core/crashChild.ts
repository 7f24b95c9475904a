// Child process for the crash-durability test: appends timeline entries as fast as it can and
// reports each one on stdout only after the core acknowledged it. The parent SIGKILLs it.
import fs from 'node:fs';
import { createCore } from '../../../main/core/core';

const [dataDir, cycle] = process.argv.slice(2) as [string, string];
const core = await createCore({ dataDir });
if (!(await core.invoke('profile:get', {}))) await core.invoke('profile:set', { displayName: 'Crash Tester', handle: 'crash' });
const existing = await core.invoke('incidents:list', {});
const incident = existing[0] ?? (await core.invoke('incidents:declare', { title: 'Crash durability', severity: 'SEV-3' }));
fs.writeSync(1, `READY ${incident.id}\n`);
for (let i = 0; ; i++) {
  const text = `ack-${cycle}-${i}`;
  // Several in flight at once, as a busy UI would send them, through the one write queue.
  const batch = await Promise.all(
    [0, 1, 2].map((j) => core.invoke('timeline:append', { incidentId: incident.id, kind: j === 1 ? 'decision' : 'note', text: `${text}-${j}` })),
  );
  for (const e of batch) fs.writeSync(1, `ACK ${e.eventId}\n`);
}
