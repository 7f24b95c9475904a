// Seed a data directory with one incident of N timeline events through the core's real write path
// (event log + projection) in large transactions, as a bulk import would. Run before the host starts:
//   npx tsx test/e2e/seedBigIncident.ts <dataDir> [N]
// Prints one JSON line: {"incidentId": "...", "humanId": "...", "count": N}.
import { createCore } from '../../main/core/createCore';

const [dataDir, nArg] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: tsx test/e2e/seedBigIncident.ts <dataDir> [N]\n');
  process.exit(2);
}
const N = Number(nArg ?? 50_000);
const core = await createCore({ dataDir, keyStore: null, sync: { start: false } });
await core.invoke('profile:set', { displayName: 'Grace Hopper', handle: 'grace' });
const inc = await core.invoke('incidents:declare', { title: 'Fifty thousand events: storage cluster brown-out', severity: 'SEV-1', summary: 'A long-running incident used to check that the war room stays fast.' });
const words = ['database', 'latency', 'rollback', 'cache', 'eviction', 'deploy', 'customer', 'region', 'failover', 'queue', 'timeout', 'retry'];
const kinds = ['note', 'note', 'action', 'decision'] as const;
const batch = 2_000;
for (let start = 0; start < N; start += batch) {
  await core.db.queue.transaction(async (tx) => {
    for (let i = start; i < Math.min(N, start + batch); i++) {
      const kind = kinds[i % kinds.length]!;
      const text = `#${i + 1} ${words[i % words.length]} ${words[(i * 7) % words.length]} on host-${i % 97}`;
      const ev = await core.log.append({ db: tx, changed: () => undefined }, { incidentId: inc.id, actor: 'grace', kind: `timeline.${kind}`, payload: { text } });
      await tx.run('INSERT INTO timeline_entries (seq, event_id, incident_id, kind, text, actor, at, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [ev.seq, ev.id, inc.id, kind, text, 'grace', ev.at, ev.hlc]);
    }
  });
}
await core.close();
process.stdout.write(JSON.stringify({ incidentId: inc.id, humanId: inc.humanId, count: N }) + '\n');
process.exit(0);
