// Closing the core while commands are still running: the ones already started finish (or fail with a
// typed error), close() returns, and nothing throws outside a promise. The Electron shell quits this way
// when the window closes right after launch, with its first queries in flight.
import { describe, expect, it } from 'vitest';
import { tempCore } from '../../helpers/tempCore';

describe('close with commands in flight', () => {
  it('waits for running reads, refuses new ones with a typed error, and returns', async () => {
    const core = await tempCore();
    const inc = await core.invoke('incidents:declare', { title: 'Closing drill', severity: 'SEV-3' });
    const inFlight = [core.dispatch('catalog:graph', {}), core.dispatch('incidents:list', {}), core.dispatch('timers:list', { incidentId: inc.id }), core.dispatch('app:info', {})];
    const closed = core.close();
    const late = core.dispatch('incidents:list', {});
    const results = await Promise.all(inFlight);
    await closed;
    for (const r of results) if (!r.ok) expect(r.error.code).toMatch(/^(unavailable|storage_error)$/);
    const l = await late;
    expect(l.ok).toBe(false);
    if (!l.ok) expect(l.error.code).toBe('unavailable');
    await core.cleanup();
  });
});
