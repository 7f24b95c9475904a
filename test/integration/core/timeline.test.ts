import { afterEach, describe, expect, it } from 'vitest';
import { tempCore } from '../../helpers/tempCore';

type TC = Awaited<ReturnType<typeof tempCore>>;
const cores: TC[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.cleanup();
});
async function setup() {
  const c = await tempCore();
  cores.push(c);
  const inc = await c.invoke('incidents:declare', { title: 'Cache stampede', severity: 'SEV-2' });
  return { c, inc };
}

describe('timeline', () => {
  it('pages newest first with a before cursor until the start of the incident', async () => {
    const { c, inc } = await setup();
    for (let i = 0; i < 250; i++) await c.invoke('timeline:append', { incidentId: inc.humanId, kind: i % 3 === 0 ? 'decision' : 'note', text: `entry ${i}` });
    const seen: string[] = [];
    let before: number | undefined;
    let pages = 0;
    for (;;) {
      const page = await c.invoke('timeline:list', { incidentId: inc.id, limit: 100, ...(before !== undefined ? { before } : {}) });
      expect(page.total).toBe(251);
      seen.push(...page.entries.map((e) => e.text));
      pages++;
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(251);
    expect(seen[0]).toBe('entry 249');
    expect(seen[250]).toContain('Declared');
    const decisions = await c.invoke('timeline:list', { incidentId: inc.id, kinds: ['decision'], limit: 500 });
    expect(decisions.total).toBe(84);
    expect(decisions.entries.every((e) => e.kind === 'decision')).toBe(true);
  });

  it('finds entries by full-text search, including after a correction', async () => {
    const { c, inc } = await setup();
    const e = await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'Redis eviction storm on cache-eu-1' });
    await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'Unrelated' });
    expect((await c.invoke('timeline:list', { incidentId: inc.id, search: 'evict' })).entries.map((x) => x.eventId)).toEqual([e.eventId]);
    await c.invoke('timeline:correct', { eventId: e.eventId, text: 'Memcached eviction storm' });
    expect((await c.invoke('timeline:list', { incidentId: inc.id, search: 'redis' })).total).toBe(0);
    expect((await c.invoke('timeline:list', { incidentId: inc.id, search: 'memcached' })).total).toBe(1);
    // FTS syntax in user text is treated as words, not as a query language.
    expect((await c.invoke('timeline:list', { incidentId: inc.id, search: '"evict* (storm' })).total).toBe(1);
  });

  it('pins and unpins, keeping the incident pinned count', async () => {
    const { c, inc } = await setup();
    const e = await c.invoke('timeline:append', { incidentId: inc.id, kind: 'decision', text: 'Roll back' });
    expect((await c.invoke('timeline:pin', { eventId: e.eventId, pinned: true })).pinned).toBe(true);
    expect((await c.invoke('timeline:pin', { eventId: e.eventId, pinned: true })).pinned).toBe(true);
    expect((await c.invoke('incidents:get', { id: inc.id })).pinnedCount).toBe(1);
    expect((await c.invoke('timeline:list', { incidentId: inc.id, pinnedOnly: true })).entries.map((x) => x.eventId)).toEqual([e.eventId]);
    await c.invoke('timeline:pin', { eventId: e.eventId, pinned: false });
    expect((await c.invoke('incidents:get', { id: inc.id })).pinnedCount).toBe(0);
  });

  it('corrects by appending an event; every version stays in the history', async () => {
    const { c, inc } = await setup();
    const e = await c.invoke('timeline:append', { incidentId: inc.id, kind: 'action', text: 'Restarted pod web-1' });
    const eventsBefore = (await c.db.reader.get<{ n: number }>('SELECT count(*) AS n FROM events'))!.n;
    const fixed = await c.invoke('timeline:correct', { eventId: e.eventId, text: 'Restarted pod web-2' });
    await c.invoke('timeline:correct', { eventId: e.eventId, text: 'Restarted pods web-2 and web-3' });
    expect(fixed.text).toBe('Restarted pod web-2');
    const entry = (await c.invoke('timeline:list', { incidentId: inc.id })).entries.find((x) => x.eventId === e.eventId)!;
    expect(entry.text).toBe('Restarted pods web-2 and web-3');
    expect(entry.corrected).toMatchObject({ originalText: 'Restarted pod web-1', revisions: 2, by: 'tester' });
    expect((await c.invoke('timeline:history', { eventId: e.eventId })).map((h) => h.text)).toEqual([
      'Restarted pod web-1',
      'Restarted pod web-2',
      'Restarted pods web-2 and web-3',
    ]);
    const original = await c.db.reader.get<{ payload: string }>('SELECT payload FROM events WHERE id = ?', [e.eventId]);
    expect(JSON.parse(original!.payload)).toEqual({ text: 'Restarted pod web-1' });
    expect((await c.db.reader.get<{ n: number }>('SELECT count(*) AS n FROM events'))!.n).toBe(eventsBefore + 2);
  });

  it('refuses to correct system-written entries and unknown ids', async () => {
    const { c, inc } = await setup();
    const sys = (await c.invoke('timeline:list', { incidentId: inc.id })).entries[0]!;
    await expect(c.invoke('timeline:correct', { eventId: sys.eventId, text: 'rewrite history' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(c.invoke('timeline:pin', { eventId: '01NOTANEVENT', pinned: true })).rejects.toMatchObject({ code: 'not_found' });
    await expect(c.invoke('timeline:append', { incidentId: 'INC-2026-9999', kind: 'note', text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(c.invoke('timeline:append', { incidentId: inc.id, kind: 'system' as never, text: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: '   ' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('takes an entry of exactly 20,000 characters and refuses 20,001 naming the field, for append and correct', async () => {
    const { c, inc } = await setup();
    const count = async (table: string) => (await c.db.reader.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
    const snapshot = async () => ({ events: await count('events'), entries: await count('timeline_entries'), audit: await count('audit_log') });
    const longest = 'a'.repeat(20_000);
    const appended = await c.dispatch('timeline:append', { incidentId: inc.id, kind: 'note', text: longest });
    expect(appended).toMatchObject({ ok: true });
    const entry = (appended as { data: { eventId: string; text: string } }).data;
    expect(entry.text).toBe(longest);
    expect((await c.invoke('timeline:list', { incidentId: inc.id, limit: 1 })).entries[0]!.text).toHaveLength(20_000);

    const refusals: Array<[string, Record<string, unknown>]> = [
      ['timeline:append', { incidentId: inc.id, kind: 'note', text: `${longest}b` }],
      ['timeline:correct', { eventId: entry.eventId, text: `${longest}b` }],
    ];
    for (const [command, input] of refusals) {
      const before = await snapshot();
      const res = await c.dispatch(command, input);
      expect(res, command).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.any(String), issues: [{ path: 'text', message: 'must be at most 20000 characters' }] } });
      // Nothing written but the refusal's own audit row.
      expect(await snapshot(), command).toEqual({ ...before, audit: before.audit + 1 });
      expect((await c.invoke('audit:list', { limit: 1 }))[0], command).toMatchObject({ command, outcome: 'error:invalid_input' });
    }
    const corrected = await c.dispatch('timeline:correct', { eventId: entry.eventId, text: `${'b'.repeat(19_999)}c` });
    expect(corrected).toMatchObject({ ok: true, data: { text: `${'b'.repeat(19_999)}c` } });
  });

  it('pushes db:changed after commit, naming the incident', async () => {
    const { c, inc } = await setup();
    const seen: unknown[] = [];
    const off = c.subscribe((e) => seen.push(e));
    await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'hello' });
    await c.dispatch('timeline:append', { incidentId: inc.id, kind: 'note', text: '' });
    off();
    expect(seen).toEqual([{ event: 'db:changed', data: { domains: ['timeline'], incidentId: inc.id } }]);
  });
});

describe('clock safety across restarts', () => {
  it('orders events after a restart with a wall clock that jumped back an hour', async () => {
    const { fakeClock, tempDir } = await import('../../helpers/tempCore');
    const { createCore } = await import('../../../main/core/createCore');
    const dir = tempDir();
    const clock = fakeClock();
    let c = await createCore({ dataDir: dir, now: clock.now });
    await c.invoke('profile:set', { displayName: 'T', handle: 'tt' });
    const inc = await c.invoke('incidents:declare', { title: 'Clock', severity: 'SEV-3' });
    const first = await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'before' });
    await c.close();
    clock.advance(-3_600_000);
    c = await createCore({ dataDir: dir, now: clock.now });
    const second = await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'after' });
    expect(second.hlc > first.hlc).toBe(true);
    expect(second.seq).toBeGreaterThan(first.seq);
    expect((await c.invoke('timeline:list', { incidentId: inc.id })).entries.map((e) => e.text).slice(0, 2)).toEqual(['after', 'before']);
    await c.close();
    (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
  });
});
