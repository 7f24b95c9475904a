import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeClock, type TempCore, useTempCores } from '../../helpers/tempCore';

type TC = TempCore;
const core = useTempCores();

const ROSTER = fs.readFileSync(path.resolve(__dirname, '../../../resources/catalogs/roster.csv'), 'utf8');
const CATALOG = fs.readFileSync(path.resolve(__dirname, '../../../resources/catalogs/services.json'), 'utf8');

async function withIncident(c: TC) {
  await c.invoke('roster:import', { format: 'csv', content: ROSTER });
  return c.invoke('incidents:declare', { title: 'Checkout 502s', severity: 'SEV-1' });
}

const brief = { situation: 'Checkout failing in EU', objectives: 'Restore checkout', currentActions: 'Rolling back 4.2', resources: 'Dana, Lee', openAsks: 'Priya: DB lag' };

describe('role board', () => {
  it('assigns every role with assumed/renounced times on the timeline; sme holds many', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const inc = await withIncident(c);
    await c.invoke('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'dana' });
    clock.advance(60_000);
    await c.invoke('roles:assign', { incidentId: inc.humanId, role: 'scribe', person: 'lee' });
    await c.invoke('roles:assign', { incidentId: inc.id, role: 'sme', person: 'priya' });
    await c.invoke('roles:assign', { incidentId: inc.id, role: 'sme', person: 'alex' });
    clock.advance(60_000);
    // A single-holder role changes hands: the previous holder renounces in the same step.
    await c.invoke('roles:assign', { incidentId: inc.id, role: 'scribe', person: 'sam' });
    await c.invoke('roles:release', { incidentId: inc.id, role: 'sme', person: 'alex' });
    const board = await c.invoke('roles:list', { incidentId: inc.id });
    expect(board.holders.map((h) => `${h.role}:${h.person}`).sort()).toEqual(['incident_commander:dana', 'scribe:sam', 'sme:priya']);
    const lee = board.history.find((h) => h.person === 'lee')!;
    expect(lee).toMatchObject({ assumedAt: '2026-11-24T09:01:00.000Z', renouncedAt: '2026-11-24T09:02:00.000Z' });
    expect(board.history).toHaveLength(5);
    const texts = (await c.invoke('timeline:list', { incidentId: inc.id })).entries.map((e) => e.text);
    expect(texts).toContain('Dana Whitfield (@dana) assumed Incident Commander');
    expect(texts).toContain('Sam Okafor (@sam) replaced @lee as Scribe');
    expect(texts).toContain('@alex renounced Subject-Matter Expert');
  });

  it('refuses a second Incident Commander with conflict, and writes nothing', async () => {
    const c = await core();
    const inc = await withIncident(c);
    await c.invoke('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'dana' });
    const before = (await c.invoke('incidents:get', { id: inc.id })).entryCount;
    const res = await c.dispatch('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'lee' });
    expect(res).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await c.invoke('incidents:get', { id: inc.id })).entryCount).toBe(before);
    await expect(c.invoke('roles:release', { incidentId: inc.id, role: 'incident_commander', person: 'dana' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(c.invoke('roles:assign', { incidentId: inc.id, role: 'scribe', person: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    const bad = await c.dispatch('roles:assign', { incidentId: inc.id, role: 'captain', person: 'lee' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'role' }] } });
  });

  it('keeps exactly one IC when many assignments race through the write queue', async () => {
    const c = await core();
    const inc = await withIncident(c);
    const people = ['dana', 'lee', 'priya', 'sam', 'jo', 'alex'];
    // Fire every assignment at once (as several windows would): the queue serializes them and the
    // check inside each transaction sees the winner.
    const results = await Promise.all(
      people.flatMap((p) => [
        c.dispatch('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: p }),
        c.dispatch('roles:assign', { incidentId: inc.id, role: 'deputy', person: p }),
      ]),
    );
    const ic = results.filter((_, i) => i % 2 === 0);
    expect(ic.filter((r) => r.ok)).toHaveLength(1);
    expect(ic.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'conflict')).toBe(true);
    const board = await c.invoke('roles:list', { incidentId: inc.id });
    expect(board.holders.filter((h) => h.role === 'incident_commander')).toHaveLength(1);
    expect(board.holders.filter((h) => h.role === 'deputy')).toHaveLength(1);
    // Handovers racing each other also leave exactly one IC.
    await Promise.all(people.map((p) => c.dispatch('roles:handover', { incidentId: inc.id, to: p, brief })));
    const after = await c.invoke('roles:list', { incidentId: inc.id });
    expect(after.holders.filter((h) => h.role === 'incident_commander')).toHaveLength(1);
    const row = await c.db.reader.get<{ n: number }>("SELECT count(*) AS n FROM role_assignments WHERE role = 'incident_commander' AND renounced_at IS NULL");
    expect(row?.n).toBe(1);
  });

  it('the storage refuses a second open IC even if a code path forgot the rule', async () => {
    const c = await core();
    const inc = await withIncident(c);
    await c.invoke('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'dana' });
    await expect(
      c.db.queue.transaction((tx) =>
        tx.run("INSERT INTO role_assignments (id, incident_id, role, person, assumed_at, assigned_by) VALUES ('x', ?, 'incident_commander', 'lee', 'now', 't')", [inc.id]),
      ),
    ).rejects.toMatchObject({ code: 'storage_error' });
  });

  it('hands over with an ICS-201 brief: history records outgoing, incoming and the brief', async () => {
    const clock = fakeClock();
    const c = await core({ now: clock.now });
    const inc = await withIncident(c);
    await c.invoke('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'dana' });
    await c.invoke('timers:start', { incidentId: inc.id, kind: 'ask', label: 'check replica lag', minutes: 10, owner: 'priya' });
    await c.invoke('catalog:import', { format: 'json', content: CATALOG });
    const radius = await c.invoke('impact:set', { incidentId: inc.id, service: 'api', status: 'major_outage' });
    expect(radius.impacted).toEqual(['api']);
    const draft = await c.invoke('roles:brief', { incidentId: inc.id });
    expect(draft.situation).toContain('SEV-1');
    // The brief's situation names what the impact step marked.
    expect(draft.situation).toContain('Impacted: api (major outage).');
    expect(draft.resources).toContain('Incident Commander: @dana');
    expect(draft.openAsks).toContain('@priya: check replica lag');
    clock.advance(30 * 60_000);
    const a = await c.invoke('roles:handover', { incidentId: inc.id, to: 'lee', brief: { ...draft, objectives: 'Restore checkout by 10:00' } });
    expect(a).toMatchObject({ role: 'incident_commander', person: 'lee' });
    await expect(c.invoke('roles:handover', { incidentId: inc.id, to: 'lee', brief })).rejects.toMatchObject({ code: 'conflict' });
    await expect(c.invoke('roles:handover', { incidentId: inc.id, to: 'sam', brief: { ...brief, situation: '  ' } })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'brief.situation' }] });
    const board = await c.invoke('roles:list', { incidentId: inc.id });
    expect(board.handovers).toHaveLength(1);
    expect(board.handovers[0]).toMatchObject({ from: 'dana', to: 'lee', brief: { objectives: 'Restore checkout by 10:00' } });
    const ics = board.history.filter((h) => h.role === 'incident_commander');
    expect(ics.map((h) => [h.person, h.renouncedAt !== null, h.handoverId !== null])).toEqual([
      ['dana', true, false],
      ['lee', false, true],
    ]);
    expect(ics[0]!.renouncedAt).toBe(ics[1]!.assumedAt);
    const top = (await c.invoke('timeline:list', { incidentId: inc.id })).entries[0]!;
    expect(top.text).toMatch(/^Incident Command handed over: @dana → Lee Park \(@lee\)\nSituation: /);
  });

  it('drafts the brief in the zone the caller names, every reading labelled; UTC when none is named', async () => {
    const clock = fakeClock(Date.parse('2026-11-24T21:25:00Z'));
    const c = await core({ now: clock.now });
    const inc = await withIncident(c);
    await c.invoke('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Bad deploy', minutes: 15 });
    await c.invoke('timers:start', { incidentId: inc.id, kind: 'ask', label: 'check replica lag', minutes: 10, owner: 'priya' });
    const utc = await c.invoke('roles:brief', { incidentId: inc.id });
    expect(utc.situation).toContain('since declaration at 21:25 UTC.');
    expect(utc.objectives).toBe('Confirm or rule out: Bad deploy (box ends 21:40 UTC)');
    expect(utc.openAsks).toBe('@priya: check replica lag (due 21:35 UTC)');
    const ny = await c.invoke('roles:brief', { incidentId: inc.id, timeZone: 'America/New_York' });
    expect(ny.situation).toContain('since declaration at 16:25 EST.');
    expect(ny.objectives).toBe('Confirm or rule out: Bad deploy (box ends 16:40 EST)');
    expect(ny.openAsks).toBe('@priya: check replica lag (due 16:35 EST)');
    await expect(c.invoke('roles:brief', { incidentId: inc.id, timeZone: 'Mars/Olympus_Mons' })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'timeZone' }] });
  });

  it('ticks role checklists, on the timeline, refusing unknown items', async () => {
    const c = await core();
    const inc = await withIncident(c);
    await c.invoke('roles:checklist', { incidentId: inc.id, role: 'deputy', item: 'time-check', done: true });
    let board = await c.invoke('roles:list', { incidentId: inc.id });
    expect(board.checklists.deputy.find((i) => i.key === 'time-check')).toMatchObject({ done: true, doneBy: 'tester' });
    await c.invoke('roles:checklist', { incidentId: inc.id, role: 'deputy', item: 'time-check', done: false });
    board = await c.invoke('roles:list', { incidentId: inc.id });
    expect(board.checklists.deputy.every((i) => !i.done)).toBe(true);
    await expect(c.invoke('roles:checklist', { incidentId: inc.id, role: 'deputy', item: 'nope', done: true })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'item' }] });
  });
});

describe('roster', () => {
  it('imports CSV with quoted fields and contact channels, and upserts on re-import', async () => {
    const c = await core();
    expect(await c.invoke('roster:import', { format: 'csv', content: ROSTER })).toEqual({ created: 6, updated: 0 });
    const people = await c.invoke('roster:list', {});
    expect(people.find((p) => p.handle === 'jo')).toMatchObject({ name: "Jo O'Neill", team: 'Support' });
    expect(people.find((p) => p.handle === 'dana')!.contacts).toEqual([
      { channel: 'email', value: 'dana@example.com' },
      { channel: 'slack', value: '@dana' },
      { channel: 'phone', value: '+1 555 0100' },
    ]);
    expect(await c.invoke('roster:import', { format: 'json', content: JSON.stringify([{ handle: 'dana', name: 'Dana W.', contacts: { slack: '@dw' } }, { handle: 'kim', name: 'Kim' }]) })).toEqual({
      created: 1,
      updated: 1,
    });
  });

  it('names every bad line and imports nothing', async () => {
    const c = await core();
    const csv = 'name,handle,team\nGood One,good,SRE\n,missing,SRE\nBad Handle,Not Valid!,SRE\n"Multi\nLine",good,SRE\n';
    const res = await c.dispatch('roster:import', { format: 'csv', content: csv });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('invalid_input');
    expect(res.error.issues!.map((i) => i.path)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(res.error.issues![2]!.message).toContain('already appears on line 2');
    expect(await c.invoke('roster:list', {})).toEqual([]);
    const json = '[\n  {"handle": "ok", "name": "Ok"},\n  {"handle": "xy"}\n]';
    const j = await c.dispatch('roster:import', { format: 'json', content: json });
    expect(j).toMatchObject({ ok: false, error: { issues: [{ path: 'line 3', message: 'name is required' }] } });
    const broken = await c.dispatch('roster:import', { format: 'json', content: '[\n{"handle": }' });
    expect(broken).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('edits and removes people, refusing to remove someone holding a role', async () => {
    const c = await core();
    const inc = await withIncident(c);
    await c.invoke('roster:upsert', { handle: 'kim', name: 'Kim Lee', team: 'DBA', contacts: [{ channel: 'email', value: 'kim@example.com' }] });
    await c.invoke('roles:assign', { incidentId: inc.id, role: 'ops_lead', person: 'kim' });
    await expect(c.invoke('roster:remove', { handle: 'kim' })).rejects.toMatchObject({ code: 'conflict' });
    await c.invoke('roles:release', { incidentId: inc.id, role: 'ops_lead', person: 'kim' });
    await c.invoke('roster:remove', { handle: 'kim' });
    expect((await c.invoke('roster:list', {})).some((p) => p.handle === 'kim')).toBe(false);
  });
});
