// Read-your-writes on the read connection. SQLite keeps one read snapshot per connection for as long
// as any statement on it is running, so a read that starts while another, older read is still
// stepping would see the database as it was before a commit that already returned. A commander
// would then see a list without the incident just declared. The core must never answer like that.
import { expect, it } from 'vitest';
import { useTempCores } from '../../helpers/tempCore';

const core = useTempCores();

it('a read started after a commit returned sees it, even while older reads are still running', async () => {
  const c = await core();
  const inc = await c.invoke('incidents:declare', { title: 'Snapshot drill', severity: 'SEV-3' });
  for (let i = 0; i < 300; i++) await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: `seed ${i}` });
  let stop = false;
  // Long reads, always some in flight on the read connection.
  const background = (async () => {
    let rounds = 0;
    while (!stop && rounds++ < 100_000) {
      await Promise.all([c.db.reader.all('SELECT * FROM events'), c.db.reader.all('SELECT * FROM timeline_entries'), c.db.reader.get('SELECT count(*) AS n FROM audit_log')]);
    }
  })();
  const missed: number[] = [];
  try {
    for (let i = 0; i < 1000; i++) {
      const e = await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: `after ${i}` });
      if (!(await c.db.reader.get('SELECT id FROM events WHERE id = ?', [e.eventId]))) missed.push(i);
    }
  } finally {
    stop = true;
    await background;
  }
  expect(missed, `reads that missed an acknowledged append: ${missed.length} of 1000`).toEqual([]);
}, 180_000);
