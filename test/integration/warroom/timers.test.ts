import { describe, expect, it } from 'vitest';
import { fakeClock, tempCore, useTempCores, tempDir } from '../../helpers/tempCore';

const core = useTempCores();
const MIN = 60_000;

describe('time-boxes', () => {
  it('warns at 80% and at expiry exactly once, on the fake clock, and asks for a decision', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const inc = await c.invoke('incidents:declare', { title: 'Latency', severity: 'SEV-2' });
    const alerts: unknown[] = [];
    c.subscribe((e) => e.event === 'timers:alerted' && alerts.push(e.data));
    const box = await c.invoke('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Bad deploy 4.2', minutes: 15, owner: 'dana' });
    expect(box).toMatchObject({ state: 'running', dueAt: '2026-11-24T09:15:00.000Z', remainingMs: 15 * MIN });
    await expect(c.invoke('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Second', minutes: 5 })).rejects.toMatchObject({ code: 'conflict' });

    clock.advance(11 * MIN);
    expect(await c.timers.tick()).toEqual([]);
    clock.advance(1 * MIN); // 12 of 15 minutes = 80%
    expect(await c.timers.tick()).toEqual([expect.objectContaining({ level: 'warning', timerId: box.id })]);
    expect(await c.timers.tick()).toEqual([]);
    expect((await c.invoke('timers:list', { incidentId: inc.id })).timers[0]!.state).toBe('warning');
    clock.advance(3 * MIN);
    expect(await c.timers.tick()).toEqual([expect.objectContaining({ level: 'expired', kind: 'diagnosis', label: 'Bad deploy 4.2' })]);
    expect(alerts).toHaveLength(2);
    const list = await c.invoke('timers:list', { incidentId: inc.id });
    expect(list.now).toBe('2026-11-24T09:15:00.000Z');
    expect(list.timers[0]).toMatchObject({ state: 'expired', remainingMs: 0 });
    const top = (await c.invoke('timeline:list', { incidentId: inc.id })).entries[0]!;
    expect(top.text).toContain('Diagnosis box expired: “Bad deploy 4.2”. The IC must decide');
  });

  it('records each decision on the timeline: extend needs a reason, switch starts the next box, escalate closes', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const inc = await c.invoke('incidents:declare', { title: 'Latency', severity: 'SEV-2' });
    const box = await c.invoke('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Bad deploy', minutes: 15 });
    clock.advance(16 * MIN);
    await c.timers.tick();
    const noReason = await c.dispatch('timers:resolve', { timerId: box.id, decision: 'extend', note: ' ', minutes: 10 });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'note' }] } });
    const ext = await c.invoke('timers:resolve', { timerId: box.id, decision: 'extend', note: 'rollback half done', minutes: 10 });
    expect(ext.timer).toMatchObject({ state: 'running', extensions: 1, dueAt: new Date(clock.now() + 10 * MIN).toISOString(), expiredAt: null });
    clock.advance(10 * MIN);
    await c.timers.tick();
    await expect(c.invoke('timers:resolve', { timerId: box.id, decision: 'switch', note: 'not the deploy' })).rejects.toMatchObject({ issues: [{ path: 'hypothesis' }] });
    const sw = await c.invoke('timers:resolve', { timerId: box.id, decision: 'switch', note: 'not the deploy', hypothesis: 'DB connection pool', minutes: 20 });
    expect(sw.timer).toMatchObject({ state: 'resolved', decision: 'switch' });
    expect(sw.next).toMatchObject({ kind: 'diagnosis', label: 'DB connection pool', state: 'running', durationMs: 20 * MIN });
    const esc = await c.invoke('timers:resolve', { timerId: sw.next!.id, decision: 'escalate', note: 'paging the DBA team' });
    expect(esc.timer.decision).toBe('escalate');
    await expect(c.invoke('timers:resolve', { timerId: box.id, decision: 'done', note: '' })).rejects.toMatchObject({ code: 'conflict' });
    const decisions = (await c.invoke('timeline:list', { incidentId: inc.id, kinds: ['decision'] })).entries.map((e) => e.text);
    expect(decisions[0]).toBe('Escalated after diagnosis box “DB connection pool”: paging the DBA team');
    expect(decisions[1]).toMatch(/^Switched hypothesis: “Bad deploy” → “DB connection pool” for 20 min/);
    expect(decisions[2]).toMatch(/^Extended diagnosis box “Bad deploy” by 10 min \(until 09:26 UTC\): rollback half done$/);
  });

  it('survives a restart: deadlines are stored, state is derived, nothing fires twice', async () => {
    const clock = fakeClock();
    const dataDir = tempDir();
    const a = await tempCore({ dataDir, now: clock.now });
    const inc = await a.invoke('incidents:declare', { title: 'Queue lag', severity: 'SEV-3' });
    const ask = await a.invoke('timers:start', { incidentId: inc.id, kind: 'ask', label: 'Dana reports back', minutes: 10, owner: 'dana' });
    clock.advance(8 * MIN);
    expect(await a.timers.tick()).toHaveLength(1); // warning recorded before the "crash"
    await a.close();
    // The process is gone for an hour (a laptop asleep): the deadline passed while nothing ran.
    clock.advance(60 * MIN);
    const b = await core({ dataDir, now: clock.now, profile: false });
    const listed = await b.invoke('timers:list', { incidentId: inc.id });
    expect(listed.timers[0]).toMatchObject({ id: ask.id, state: 'expired', remainingMs: -58 * MIN });
    const alerts = await b.timers.tick();
    expect(alerts).toEqual([expect.objectContaining({ level: 'expired', timerId: ask.id })]);
    expect(await b.timers.tick()).toEqual([]);
    // The wall clock is set back an hour: the recorded expiry stands, no new warning fires.
    clock.advance(-90 * MIN);
    expect(await b.timers.tick()).toEqual([]);
    expect((await b.invoke('timers:list', { incidentId: inc.id })).timers[0]!.state).toBe('expired');
    const overdue = (await b.invoke('timeline:list', { incidentId: inc.id })).entries.filter((e) => e.text.startsWith('Ask overdue'));
    expect(overdue).toHaveLength(1);
  });

  it('runs its own scheduler loop on the injected clock', async () => {
    let t = Date.parse('2026-11-24T09:00:00Z');
    const c = await core({ now: () => t, timerTickMs: 20 });
    const inc = await c.invoke('incidents:declare', { title: 'x', severity: 'SEV-4' });
    const seen: string[] = [];
    c.subscribe((e) => e.event === 'timers:alerted' && seen.push((e.data as { level: string }).level));
    await c.invoke('timers:start', { incidentId: inc.id, kind: 'ask', label: 'ping', minutes: 1 });
    t += 61_000;
    await expect.poll(() => seen, { timeout: 3000 }).toEqual(['expired']);
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const c = await core();
    const inc = await c.invoke('incidents:declare', { title: 'x', severity: 'SEV-4' });
    for (const [input, path] of [
      [{ incidentId: inc.id, kind: 'nap', label: 'x', minutes: 5 }, 'kind'],
      [{ incidentId: inc.id, kind: 'ask', label: 'x', minutes: 0 }, 'minutes'],
      [{ incidentId: inc.id, kind: 'ask', label: 'x', minutes: 2.5 }, 'minutes'],
      [{ incidentId: inc.id, kind: 'ask', label: '', minutes: 5 }, 'label'],
    ] as const) {
      const res = await c.dispatch('timers:start', input);
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path }] } });
    }
    expect((await c.invoke('timers:list', { incidentId: inc.id })).timers).toEqual([]);
    const t = await c.invoke('timers:start', { incidentId: inc.id, kind: 'ask', label: 'x', minutes: 5 });
    await expect(c.invoke('timers:resolve', { timerId: t.id, decision: 'switch', note: '' })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'decision' }] });
  });
});

describe('cadence', () => {
  it('plans timers from the policy for the severity (practice.md defaults) and repeats recurring ones', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const inc = await c.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    const timers = await c.invoke('cadence:start', { incidentId: inc.id });
    const byKey = Object.fromEntries(timers.map((t) => [t.policyKey, t]));
    expect(byKey['first-internal']!.dueAt).toBe('2026-11-24T09:05:00.000Z');
    expect(byKey['scope']!.dueAt).toBe('2026-11-24T09:10:00.000Z');
    expect(byKey['status-update']!.dueAt).toBe('2026-11-24T09:20:00.000Z');
    expect(byKey['time-check']!.dueAt).toBe('2026-11-24T09:10:00.000Z');
    clock.advance(4 * MIN);
    const done = await c.invoke('timers:resolve', { timerId: byKey['first-internal']!.id, decision: 'done', note: '' });
    expect(done.next).toBeNull();
    clock.advance(18 * MIN);
    const upd = await c.invoke('timers:resolve', { timerId: byKey['status-update']!.id, decision: 'done', note: 'posted in #inc' });
    expect(upd.next).toMatchObject({ policyKey: 'status-update', dueAt: '2026-11-24T09:42:00.000Z' });
  });

  it('announces the re-planned and stopped timers with the change that caused them, so open panes refresh', async () => {
    const c = await core({ now: fakeClock().now });
    const inc = await c.invoke('incidents:declare', { title: 'Payments slow', severity: 'SEV-3' });
    await c.invoke('cadence:start', { incidentId: inc.id });
    const seen: Array<{ domains: string[]; incidentId?: string }> = [];
    const off = c.subscribe((e) => {
      if (e.event === 'db:changed') seen.push(e.data);
    });
    await c.invoke('incidents:set-severity', { id: inc.id, severity: 'SEV-1' });
    expect(seen.find((n) => n.incidentId === inc.id)?.domains).toEqual(expect.arrayContaining(['incidents', 'timeline', 'timers']));
    seen.length = 0;
    await c.invoke('incidents:set-status', { id: inc.id, status: 'resolved' });
    expect(seen.find((n) => n.incidentId === inc.id)?.domains).toEqual(expect.arrayContaining(['incidents', 'timers']));
    off();
  });

  it('re-plans on a severity change and stops when the incident is resolved', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const inc = await c.invoke('incidents:declare', { title: 'Search slow', severity: 'SEV-3' });
    await c.invoke('cadence:start', { incidentId: inc.id });
    const open = async () => (await c.invoke('timers:list', { incidentId: inc.id })).timers.filter((t) => t.state !== 'resolved' && t.state !== 'cancelled');
    expect((await open()).map((t) => t.policyKey).sort()).toEqual(['first-internal', 'scope', 'status-update']);
    await c.invoke('incidents:set-severity', { id: inc.id, severity: 'SEV-1' });
    expect((await open()).map((t) => t.policyKey).sort()).toEqual(['can-report', 'exec-summary', 'first-internal', 'scope', 'status-update', 'time-check']);
    await c.invoke('incidents:set-status', { id: inc.id, status: 'resolved' });
    expect(await open()).toEqual([]);
    const texts = (await c.invoke('timeline:list', { incidentId: inc.id })).entries.map((e) => e.text);
    expect(texts.some((t) => t.startsWith('Cadence re-planned for SEV-1'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Stopped 6 timers'))).toBe(true);
  });

  it('edits the policy table, auditing the change on the timeline of affected incidents', async () => {
    const c = await core();
    const sev2 = await c.invoke('incidents:declare', { title: 'A', severity: 'SEV-2' });
    const sev3 = await c.invoke('incidents:declare', { title: 'B', severity: 'SEV-3' });
    await c.invoke('cadence:start', { incidentId: sev2.id });
    const before = await c.invoke('cadence:policies', {});
    expect(before).toHaveLength(30);
    const p = await c.invoke('cadence:set-policy', { severity: 'SEV-2', key: 'status-update', firstMinutes: 15, everyMinutes: 15, enabled: true, reason: 'exec request' });
    expect(p).toMatchObject({ firstMinutes: 15, everyMinutes: 15, updatedBy: 'tester' });
    const t2 = (await c.invoke('timeline:list', { incidentId: sev2.id })).entries[0]!.text;
    expect(t2).toBe('Cadence policy SEV-2 · Status update: first after 20 min, then every 20 min → first after 15 min, then every 15 min (exec request); cadence timers re-planned');
    expect((await c.invoke('timeline:list', { incidentId: sev3.id })).entries.some((e) => e.text.startsWith('Cadence policy'))).toBe(false);
    const due = (await c.invoke('timers:list', { incidentId: sev2.id })).timers.find((t) => t.policyKey === 'status-update' && t.state !== 'cancelled')!;
    expect(Date.parse(due.dueAt) - Date.parse(sev2.createdAt)).toBe(15 * MIN);
    const bad = await c.dispatch('cadence:set-policy', { severity: 'SEV-2', key: 'status-update', firstMinutes: 0, everyMinutes: null, enabled: true });
    expect(bad).toMatchObject({ ok: false, error: { issues: [{ path: 'firstMinutes' }] } });
  });
});
