// The desktop bridges, run against a real core: time-box alerts become OS notifications, and the
// hosts of imported runbooks join the external-link allow-list.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bridgeRunbookHosts, bridgeTimerNotifications, runbookHosts, timerNotification } from '../../../main/app/coreBridges';
import type { NotifyOptions } from '../../../main/app/notifications';
import { tempCore } from '../../helpers/tempCore';

type TC = Awaited<ReturnType<typeof tempCore>>;
const cores: TC[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.cleanup();
});

describe('desktop bridges', () => {
  it('turns timers:alerted into a notification that asks for the decision', async () => {
    const c = await tempCore();
    cores.push(c);
    const shown: NotifyOptions[] = [];
    let clicked = 0;
    const off = bridgeTimerNotifications(c, { notify: (o) => (shown.push(o), true) }, () => clicked++);
    const alert = { timerId: 't1', incidentId: 'i1', kind: 'diagnosis' as const, label: 'Connection pool hypothesis', owner: 'dana', level: 'expired' as const, dueAt: new Date().toISOString() };
    c.publish('timers:alerted', alert);
    c.publish('db:changed', { domains: ['timeline'] });
    off();
    c.publish('timers:alerted', alert);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Expired: Connection pool hypothesis (dana)', urgency: 'critical' });
    expect(shown[0]!.body).toMatch(/extend with a reason, switch hypothesis, or escalate/);
    shown[0]!.onClick!();
    expect(clicked).toBe(1);
    expect(timerNotification({ ...alert, level: 'warning' }).title).toBe('80% elapsed: Connection pool hypothesis (dana)');
    // The desktop notification names its zone (the OS shows it outside the console's chosen zone).
    expect(timerNotification({ ...alert, level: 'warning', dueAt: '2026-11-24T21:40:00.000Z' }).body).toBe('Due at 21:40 UTC. Prepare the decision.');
  });

  it('adds the https hosts of imported runbooks to the allow-list, refreshed on import', async () => {
    const c = await tempCore();
    cores.push(c);
    const applied: string[][] = [];
    const off = bridgeRunbookHosts(c, ['github.com'], (h) => applied.push([...h]));
    await new Promise((r) => setTimeout(r, 50));
    expect(applied.at(-1)).toEqual(['github.com']);
    const catalog = fs.readFileSync(path.resolve(__dirname, '../../../resources/catalogs/services.json'), 'utf8');
    await c.invoke('catalog:import', { format: 'json', content: catalog });
    await new Promise((r) => setTimeout(r, 100));
    off();
    const hosts = await runbookHosts(c);
    expect(hosts.length).toBeGreaterThan(0);
    expect(hosts.every((h) => /^[a-z0-9.-]+$/.test(h))).toBe(true);
    expect(applied.at(-1)).toEqual(['github.com', ...hosts]);
  });
});
