// The dispatcher's own promises, on a real core: what a caller is told about a bad command name or
// bad input (the words a user reads), which audit row a refusal leaves (target, actor, outcome), and
// that an unexpected failure is logged once, named "internal" and never mistaken for a known error.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../../../main/core/logger';
import { useTempCores, type TempCore } from '../../helpers/tempCore';

const core = useTempCores();

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info() {}, warn() {}, error: (m) => errors.push(m) };
}

const auditCount = async (c: TempCore) => (await c.db.reader.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
// Read straight from the table: the listed record leaves out the transport.
const lastAudit = async (c: TempCore) =>
  (await c.db.reader.get<{ actor: string; command: string; target: string | null; outcome: string; transport: string }>(
    'SELECT actor, command, target, outcome, transport FROM audit_log ORDER BY seq DESC LIMIT 1',
  ))!;

describe('dispatcher: what a refused command tells its caller', () => {
  it('answers an unknown command by name (at most 80 characters of it) and audits nothing', async () => {
    const c = await core();
    const before = await auditCount(c);
    const name = `no-such:${'x'.repeat(120)}`;
    expect(await c.dispatch(name, {})).toEqual({ ok: false, error: { code: 'unknown_command', message: `Unknown command "${name.slice(0, 80)}".` } });
    expect(await c.dispatch('incidents:nope', {})).toEqual({ ok: false, error: { code: 'unknown_command', message: 'Unknown command "incidents:nope".' } });
    expect(await auditCount(c)).toBe(before);
  });

  it('names unknown fields, one or several, as fields of the whole input', async () => {
    const c = await core();
    const inc = await c.invoke('incidents:declare', { title: 'A', severity: 'SEV-2' });
    const one = await c.dispatch('timeline:append', { incidentId: inc.id, kind: 'note', text: 't', colour: 'red' });
    expect(one).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'Invalid input for timeline:append: (input) unknown field "colour"', issues: [{ path: '(input)', message: 'unknown field "colour"' }] },
    });
    const two = await c.dispatch('timeline:append', { incidentId: inc.id, kind: 'note', text: 't', colour: 'red', size: 3 });
    expect(two).toMatchObject({ ok: false, error: { issues: [{ path: '(input)', message: 'unknown fields "colour", "size"' }] } });
  });

  it('says "must be a JSON object" only for input that is not an object, and joins several problems with "; "', async () => {
    const c = await core();
    expect(await c.dispatch('timeline:append', 'just a string')).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'Invalid input for timeline:append: (input) must be a JSON object', issues: [{ path: '(input)', message: 'must be a JSON object' }] },
    });
    // A field of the wrong type keeps the schema's own words and its path.
    const res = await c.dispatch('timeline:append', { incidentId: 7, kind: 'note', text: 5 });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const issues = res.error.issues!;
    expect(issues.map((i) => i.path)).toEqual(['incidentId', 'text']);
    for (const i of issues) expect(i.message).not.toBe('must be a JSON object');
    expect(res.error.message).toBe(`Invalid input for timeline:append: incidentId ${issues[0]!.message}; text ${issues[1]!.message}`);
    // No input at all is an empty object: the missing fields are named, not "must be a JSON object".
    const none = await c.dispatch('timeline:append', undefined);
    expect(none.ok === false && none.error.issues!.map((i) => i.path)).toEqual(['incidentId', 'kind', 'text']);
  });
});

describe('dispatcher: the audit row of a refusal', () => {
  it('targets the first of id, incidentId, eventId, name, timerId that is a string of at most 64 characters', async () => {
    const c = await core();
    const target = async (raw: unknown) => {
      // An unknown field makes every one of these invalid input, audited with the raw input's target.
      await c.dispatch('timers:resolve', raw);
      return (await lastAudit(c)).target;
    };
    expect(await target({ id: 'A1', incidentId: 'B1', bogus: 1 })).toBe('A1');
    expect(await target({ incidentId: 'B1', bogus: 1 })).toBe('B1');
    expect(await target({ eventId: 'E1', bogus: 1 })).toBe('E1');
    expect(await target({ name: 'N1', bogus: 1 })).toBe('N1');
    expect(await target({ timerId: 'T1', bogus: 1 })).toBe('T1');
    expect(await target({ id: 'x'.repeat(64), bogus: 1 })).toBe('x'.repeat(64));
    expect(await target({ id: 'x'.repeat(65), incidentId: 'B2', bogus: 1 })).toBe('B2');
    expect(await target({ id: 42, name: 'N2', bogus: 1 })).toBe('N2');
    expect(await target({ bogus: 1 })).toBeNull();
    expect(await target('a string')).toBeNull();
    const before = await auditCount(c);
    expect(await target(null)).toBeNull();
    expect(await auditCount(c)).toBe(before + 1);
    expect(await lastAudit(c)).toMatchObject({ command: 'timers:resolve', outcome: 'error:invalid_input' });
  });

  it('records a change refused for want of a profile as the system actor', async () => {
    const c = await core({ profile: false });
    expect(await c.dispatch('incidents:declare', { title: 'A', severity: 'SEV-2' })).toMatchObject({ ok: false, error: { code: 'profile_required' } });
    expect(await lastAudit(c)).toMatchObject({ command: 'incidents:declare', actor: 'system', outcome: 'error:profile_required' });
  });

  it('audits a refused query only when it was forbidden', async () => {
    const refusal: Record<string, Error> = {};
    const c = await core({
      authorize: (req) => {
        const err = refusal[req.command];
        if (err) throw err;
      },
    });
    refusal['incidents:list'] = new AppError('forbidden', 'Not for you.');
    refusal['audit:verify'] = new AppError('not_found', 'Nothing here.');
    const before = await auditCount(c);
    expect(await c.dispatch('incidents:list', {}, { transport: 'http' })).toEqual({ ok: false, error: { code: 'forbidden', message: 'Not for you.' } });
    expect(await auditCount(c)).toBe(before + 1);
    expect(await lastAudit(c)).toMatchObject({ command: 'incidents:list', outcome: 'error:forbidden', transport: 'http', actor: 'tester' });
    expect(await c.dispatch('audit:verify', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await auditCount(c)).toBe(before + 1);
  });

  it('turns an unexpected failure into "internal", logs it once, and audits it only for a change', async () => {
    const logger = recordingLogger();
    const refusal: Record<string, Error> = {};
    const c = await core({
      logger,
      authorize: (req) => {
        const err = refusal[req.command];
        if (err) throw err;
      },
    });
    refusal['incidents:list'] = new Error('disk on fire');
    refusal['incidents:declare'] = new Error('disk on fire');
    refusal['timeline:list'] = new AppError('not_found', 'No such incident.');
    logger.errors.length = 0;
    const before = await auditCount(c);

    expect(await c.dispatch('incidents:list', {})).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error in incidents:list; nothing was saved.' } });
    expect(logger.errors).toEqual(['command incidents:list failed: disk on fire']);
    expect(await auditCount(c)).toBe(before);

    expect(await c.dispatch('incidents:declare', { title: 'A', severity: 'SEV-2' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Internal error in incidents:declare; nothing was saved.' },
    });
    expect(await lastAudit(c)).toMatchObject({ command: 'incidents:declare', outcome: 'error:internal' });
    expect(logger.errors).toHaveLength(2);

    // A known error is the caller's answer, not a fault to log.
    expect(await c.dispatch('timeline:list', { incidentId: 'INC-1999-0001' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(logger.errors).toHaveLength(2);
  });
});

describe('dispatcher: refusals by a transport (auditRefusal)', () => {
  it('audits a refused change and a forbidden query, with the override actor when given, and skips other refused queries', async () => {
    const c = await core();
    const inc = await c.invoke('incidents:declare', { title: 'A', severity: 'SEV-2' });
    const before = await auditCount(c);
    await c.auditRefusal('artifacts:import', { incidentId: inc.id, name: 'big.bin' }, 'unavailable', { transport: 'http' });
    expect(await lastAudit(c)).toMatchObject({ command: 'artifacts:import', target: inc.id, outcome: 'error:unavailable', transport: 'http', actor: 'tester' });
    await c.auditRefusal('artifacts:import', { incidentId: inc.id }, 'invalid_input', { transport: 'http', actorOverride: 'scheduler' });
    expect(await lastAudit(c)).toMatchObject({ actor: 'scheduler', outcome: 'error:invalid_input' });
    await c.auditRefusal('incidents:list', {}, 'invalid_input', { transport: 'http' });
    expect(await auditCount(c)).toBe(before + 2);
    await c.auditRefusal('incidents:list', {}, 'forbidden', { transport: 'http' });
    expect(await auditCount(c)).toBe(before + 3);
    expect(await lastAudit(c)).toMatchObject({ command: 'incidents:list', outcome: 'error:forbidden' });
  });

  it('never throws when the audit row cannot be written, and logs why', async () => {
    const logger = recordingLogger();
    const c = await core({ logger });
    await c.db.queue.transaction((tx) => tx.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log WHEN new.outcome = 'error:storage_error' BEGIN SELECT RAISE(ABORT, 'audit disk full'); END"));
    logger.errors.length = 0;
    await expect(c.auditRefusal('artifacts:import', { incidentId: 'INC-2026-0001' }, 'storage_error')).resolves.toBeUndefined();
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatch(/^command artifacts:import failed: .*audit disk full/);
  });
});
