import { describe, expect, it } from 'vitest';
import { fakeClock, useTempCores } from '../../helpers/tempCore';

const core = useTempCores();

describe('incidents', () => {
  it('requires a profile before any change, and records it as the actor', async () => {
    const c = await core({ profile: false });
    const res = await c.dispatch('incidents:declare', { title: 'API down', severity: 'SEV-1' });
    expect(res).toMatchObject({ ok: false, error: { code: 'profile_required', message: expect.stringContaining('Choose a display name and handle first (profile:set)') } });
    expect(await c.invoke('incidents:list', {})).toEqual([]);
    await c.invoke('profile:set', { displayName: 'Dana Ops', handle: 'dana' });
    const inc = await c.invoke('incidents:declare', { title: 'API down', severity: 'SEV-1' });
    expect(inc.createdBy).toBe('dana');
    const page = await c.invoke('timeline:list', { incidentId: inc.id });
    expect(page.entries[0]).toMatchObject({ actor: 'dana', kind: 'system' });
  });

  it('gives human ids INC-<year>-<sequence>, restarting each year, resolvable like ULIDs', async () => {
    const clock = fakeClock(Date.parse('2026-12-31T23:58:00Z'));
    const c = await core({ now: clock.now });
    const a = await c.invoke('incidents:declare', { title: 'One', severity: 'SEV-3' });
    const b = await c.invoke('incidents:declare', { title: 'Two', severity: 'SEV-3' });
    clock.advance(5 * 60_000);
    const d = await c.invoke('incidents:declare', { title: 'Three', severity: 'SEV-3' });
    expect([a.humanId, b.humanId, d.humanId]).toEqual(['INC-2026-0001', 'INC-2026-0002', 'INC-2027-0001']);
    expect((await c.invoke('incidents:get', { id: 'inc-2026-0002' })).id).toBe(b.id);
    expect((await c.invoke('incidents:get', { id: b.id })).humanId).toBe('INC-2026-0002');
    await expect(c.invoke('incidents:get', { id: 'INC-2026-0999' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('declares with defaults, milestones and a system entry; exercise mode is explicit', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const detected = new Date(clock.now() - 10 * 60_000).toISOString();
    const inc = await c.invoke('incidents:declare', { title: '  Checkout   502s ', severity: 'SEV-2', summary: 'EU only', detectedAt: detected });
    expect(inc).toMatchObject({ title: 'Checkout 502s', status: 'investigating', mode: 'real', summary: 'EU only', entryCount: 1 });
    expect(inc.milestones).toEqual({ detected, declared: new Date(clock.now()).toISOString() });
    const ex = await c.invoke('incidents:declare', { title: 'Game day', severity: 'SEV-1', mode: 'exercise' });
    expect(ex.mode).toBe('exercise');
    const entry = (await c.invoke('timeline:list', { incidentId: ex.id })).entries[0]!;
    expect(entry.text).toContain('exercise');
    const future = new Date(clock.now() + 3_600_000).toISOString();
    await expect(c.invoke('incidents:declare', { title: 'x', severity: 'SEV-4', detectedAt: future })).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await c.invoke('incidents:list', {})).map((i) => i.humanId).sort()).toEqual(['INC-2026-0001', 'INC-2026-0002']);
  });

  it('changes severity with the direction and reason on the timeline, refusing no-ops', async () => {
    const c = await core();
    const inc = await c.invoke('incidents:declare', { title: 'Queue lag', severity: 'SEV-3' });
    const up = await c.invoke('incidents:set-severity', { id: inc.humanId, severity: 'SEV-1', reason: 'all EU customers' });
    expect(up.severity).toBe('SEV-1');
    await c.invoke('incidents:set-severity', { id: inc.id, severity: 'SEV-2' });
    await expect(c.invoke('incidents:set-severity', { id: inc.id, severity: 'SEV-2' })).rejects.toMatchObject({ code: 'conflict' });
    const texts = (await c.invoke('timeline:list', { incidentId: inc.id, kinds: ['severity_change'] })).entries.map((e) => e.text);
    expect(texts).toEqual(['Severity lowered SEV-1 → SEV-2', 'Severity raised SEV-3 → SEV-1: all EU customers']);
  });

  it('moves through statuses, implying milestones once, and only reopens a closed incident', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const inc = await c.invoke('incidents:declare', { title: 'DNS', severity: 'SEV-2' });
    clock.advance(60_000);
    await c.invoke('incidents:set-status', { id: inc.id, status: 'identified', note: 'bad zone push' });
    clock.advance(60_000);
    const mon = await c.invoke('incidents:set-status', { id: inc.id, status: 'monitoring' });
    expect(mon.milestones.mitigated).toBe(new Date(clock.now()).toISOString());
    clock.advance(60_000);
    const res = await c.invoke('incidents:set-status', { id: inc.id, status: 'resolved' });
    expect(res.milestones.resolved).toBe(new Date(clock.now()).toISOString());
    await c.invoke('incidents:set-status', { id: inc.id, status: 'closed' });
    await expect(c.invoke('incidents:set-status', { id: inc.id, status: 'monitoring' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(c.invoke('incidents:set-severity', { id: inc.id, severity: 'SEV-1' })).rejects.toMatchObject({ code: 'conflict' });
    const reopened = await c.invoke('incidents:set-status', { id: inc.id, status: 'investigating', note: 'errors are back' });
    expect(reopened.status).toBe('investigating');
    expect(reopened.milestones.resolved).toBeUndefined();
    const kinds = (await c.invoke('timeline:list', { incidentId: inc.id })).entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'status_change')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'milestone')).toHaveLength(2);
  });

  it('records milestones, refusing times in the future or before detection', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const inc = await c.invoke('incidents:declare', { title: 'Latency', severity: 'SEV-3' });
    clock.advance(120_000);
    const ack = await c.invoke('incidents:milestone', { id: inc.id, milestone: 'acknowledged', note: 'paged' });
    expect(ack.milestones.acknowledged).toBe(new Date(clock.now()).toISOString());
    await expect(c.invoke('incidents:milestone', { id: inc.id, milestone: 'mitigated', at: '2020-01-01T00:00:00Z' })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'at' }],
    });
    const backdated = new Date(clock.now() - 3_600_000).toISOString();
    const det = await c.invoke('incidents:milestone', { id: inc.id, milestone: 'detected', at: backdated });
    expect(det.milestones.detected).toBe(backdated);
  });

  it('lists by status and mode, most recently active first', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const a = await c.invoke('incidents:declare', { title: 'A', severity: 'SEV-3' });
    clock.advance(1000);
    const b = await c.invoke('incidents:declare', { title: 'B', severity: 'SEV-3', mode: 'exercise' });
    clock.advance(1000);
    await c.invoke('timeline:append', { incidentId: a.id, kind: 'note', text: 'still here' });
    expect((await c.invoke('incidents:list', {})).map((i) => i.title)).toEqual(['A', 'B']);
    expect((await c.invoke('incidents:list', { mode: 'exercise' })).map((i) => i.id)).toEqual([b.id]);
    await c.invoke('incidents:set-status', { id: b.id, status: 'resolved' });
    expect((await c.invoke('incidents:list', { status: 'resolved' })).map((i) => i.id)).toEqual([b.id]);
  });

  it('lists active incidents first, by severity then recent activity; a resolved one never sits above an active SEV-1', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const sev1 = await c.invoke('incidents:declare', { title: 'Payments down', severity: 'SEV-1' });
    clock.advance(1000);
    const sev3old = await c.invoke('incidents:declare', { title: 'Search slow', severity: 'SEV-3' });
    clock.advance(1000);
    const gone = await c.invoke('incidents:declare', { title: 'Was a SEV-1', severity: 'SEV-1' });
    clock.advance(1000);
    const sev3new = await c.invoke('incidents:declare', { title: 'Login slow', severity: 'SEV-3' });
    clock.advance(1000);
    const closed = await c.invoke('incidents:declare', { title: 'Old and closed', severity: 'SEV-2' });
    clock.advance(1000);
    // The most recent activity of all happens on incidents that are over.
    await c.invoke('incidents:set-status', { id: closed.id, status: 'closed' });
    clock.advance(1000);
    await c.invoke('incidents:set-status', { id: gone.id, status: 'resolved' });
    clock.advance(1000);
    await c.invoke('timeline:append', { incidentId: gone.id, kind: 'note', text: 'post-mortem scheduled' });
    const order = (await c.invoke('incidents:list', {})).map((i) => i.title);
    expect(order).toEqual(['Payments down', 'Login slow', 'Search slow', 'Was a SEV-1', 'Old and closed']);
    expect(order.indexOf('Was a SEV-1')).toBeGreaterThan(order.indexOf('Payments down'));
    // Recency breaks ties among active incidents of one severity.
    await c.invoke('timeline:append', { incidentId: sev3old.id, kind: 'note', text: 'still slow' });
    expect((await c.invoke('incidents:list', {})).map((i) => i.id)).toEqual([sev1.id, sev3old.id, sev3new.id, gone.id, closed.id]);
  });

  it('edits title and summary as events, not as silent updates', async () => {
    const c = await core();
    const inc = await c.invoke('incidents:declare', { title: 'Old', severity: 'SEV-4' });
    const upd = await c.invoke('incidents:update', { id: inc.id, title: 'New title', summary: 'More detail' });
    expect(upd).toMatchObject({ title: 'New title', summary: 'More detail' });
    const entries = (await c.invoke('timeline:list', { incidentId: inc.id })).entries;
    expect(entries[0]!.text).toBe('Updated title to “New title” and summary');
  });

  it('loads the demo incident as an exercise, once', async () => {
    const c = await core();
    const demo = await c.invoke('demo:load', {});
    expect(demo.mode).toBe('exercise');
    expect(demo.entryCount).toBeGreaterThan(10);
    expect(demo.pinnedCount).toBe(2);
    expect((await c.invoke('demo:load', {})).id).toBe(demo.id);
    const entries = (await c.invoke('timeline:list', { incidentId: demo.id, limit: 500 })).entries;
    // The script spreads its steps over the past, oldest first.
    const times = entries.map((e) => Date.parse(e.at)).reverse();
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThan(20 * 60_000);
  });
});
