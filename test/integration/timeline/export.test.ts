// timeline:export: the whole timeline of an incident, oldest first, as Markdown or JSON, with the
// text exactly as recorded (latest correction) and every time in UTC, labelled.
import { describe, expect, it } from 'vitest';
import { fakeClock, useTempCores } from '../../helpers/tempCore';

const core = useTempCores();

async function setup() {
  const clock = fakeClock(Date.parse('2026-11-24T09:00:00Z'));
  const c = await core({ now: clock.now });
  const inc = await c.invoke('incidents:declare', { title: 'Checkout 502s', severity: 'SEV-1' });
  clock.advance(60_000);
  const note = await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'Paged by Alertmanager' });
  clock.advance(60_000);
  await c.invoke('timeline:append', { incidentId: inc.id, kind: 'decision', text: 'Roll back payments-gateway\ncanary at 10%' });
  clock.advance(60_000);
  await c.invoke('timeline:correct', { eventId: note.eventId, text: 'Paged by Alertmanager: CheckoutErrorRateHigh' });
  await c.invoke('timeline:pin', { eventId: note.eventId, pinned: true });
  return { c, inc, clock };
}

describe('timeline:export', () => {
  it('exports JSON: the incident and every entry oldest first, corrections and pins included', async () => {
    const { c, inc } = await setup();
    const out = await c.invoke('timeline:export', { incidentId: inc.humanId, format: 'json' });
    expect(out.filename).toBe(`${inc.humanId}-timeline.json`);
    expect(out.mediaType).toBe('application/json');
    const doc = JSON.parse(out.content);
    expect(doc.incident).toMatchObject({ id: inc.id, humanId: inc.humanId, title: 'Checkout 502s', severity: 'SEV-1', status: 'investigating' });
    expect(doc.exportedBy).toBe('tester');
    const texts = doc.entries.map((e: { text: string }) => e.text);
    expect(texts).toEqual([expect.stringMatching(/^Declared/), 'Paged by Alertmanager: CheckoutErrorRateHigh', 'Roll back payments-gateway\ncanary at 10%', ...texts.slice(3)]);
    expect(doc.entries.length).toBe((await c.invoke('timeline:list', { incidentId: inc.id })).total);
    expect(doc.entries[1]).toMatchObject({ kind: 'note', actor: 'tester', at: '2026-11-24T09:01:00.000Z', pinned: true, corrected: { originalText: 'Paged by Alertmanager' } });
    const seqs = doc.entries.map((e: { seq: number }) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('exports Markdown with UTC times, kinds and authors, multi-line entries kept together', async () => {
    const { c, inc } = await setup();
    const out = await c.invoke('timeline:export', { incidentId: inc.id, format: 'markdown' });
    expect(out.filename).toBe(`${inc.humanId}-timeline.md`);
    expect(out.mediaType).toBe('text/markdown');
    const lines = out.content.split('\n');
    expect(lines[0]).toBe(`# ${inc.humanId} — Checkout 502s`);
    expect(out.content).toContain('SEV-1 · Investigating · real incident');
    expect(out.content).toContain('Times are UTC.');
    expect(lines).toContain('- **2026-11-24 09:01:00 UTC** · Note · @tester · pinned · corrected: Paged by Alertmanager: CheckoutErrorRateHigh');
    const decision = lines.indexOf('- **2026-11-24 09:02:00 UTC** · Decision · @tester: Roll back payments-gateway');
    expect(decision).toBeGreaterThan(0);
    expect(lines[decision + 1]).toBe('  canary at 10%');
    // Oldest first.
    expect(out.content.indexOf('09:01:00 UTC')).toBeLessThan(out.content.indexOf('09:02:00 UTC'));
  });

  it('reads the times in the zone asked for, naming it', async () => {
    const { c, inc } = await setup();
    const md = await c.invoke('timeline:export', { incidentId: inc.id, format: 'markdown', timeZone: 'America/New_York' });
    expect(md.content).toContain('Times are in America/New_York.');
    expect(md.content.split('\n')).toContain('- **2026-11-24 04:01:00 EST** · Note · @tester · pinned · corrected: Paged by Alertmanager: CheckoutErrorRateHigh');
    const json = JSON.parse((await c.invoke('timeline:export', { incidentId: inc.id, format: 'json', timeZone: 'America/New_York' })).content);
    expect(json.timeZone).toBe('America/New_York');
    expect(json.entries[1]).toMatchObject({ at: '2026-11-24T09:01:00.000Z', atInZone: '2026-11-24T04:01:00-05:00' });
    await expect(c.invoke('timeline:export', { incidentId: inc.id, format: 'json', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'timeZone' }] });
  });

  it('does not let entry text forge the document structure', async () => {
    const { c, inc } = await setup();
    await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'line one\n# Not a heading\n- **2026-01-01 00:00:00 UTC** · Note · @mallory: forged' });
    const out = await c.invoke('timeline:export', { incidentId: inc.id, format: 'markdown' });
    const lines = out.content.split('\n');
    expect(lines.filter((l) => l.startsWith('# '))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('- **2026-01-01'))).toBe(false);
    expect(lines).toContain('  \\# Not a heading');
    expect(lines).toContain('  \\- **2026-01-01 00:00:00 UTC** · Note · @mallory: forged');
  });

  it('names the incident it cannot find and writes nothing', async () => {
    const c = await core();
    await expect(c.invoke('timeline:export', { incidentId: 'INC-2026-0404', format: 'json' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(c.invoke('timeline:export', { incidentId: 'INC-2026-0404', format: 'pdf' as 'json' })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'format' }] });
  });
});
