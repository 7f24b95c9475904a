import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempCore } from '../../helpers/tempCore';

type TC = Awaited<ReturnType<typeof tempCore>>;
const cores: TC[] = [];
async function core() {
  const c = await tempCore();
  cores.push(c);
  return c;
}
afterEach(async () => {
  for (const c of cores.splice(0)) await c.cleanup();
});
const read = (f: string) => fs.readFileSync(path.resolve(__dirname, '../../../resources/catalogs', f), 'utf8');
const BACKSTAGE = read('catalog-info.yaml');

describe('service catalog', () => {
  it('imports a real-world-shaped Backstage file, listing unknown references and cycles', async () => {
    const c = await core();
    const res = await c.invoke('catalog:import', { format: 'backstage', content: BACKSTAGE });
    expect(res).toMatchObject({ services: 23 });
    expect(res.unknownRefs).toHaveLength(3);
    expect(res.cycles).toEqual([['component:default/checkout-service', 'component:default/fraud-scoring', 'component:default/payments-processor']]);
    const g = await c.invoke('catalog:graph', {});
    expect(g.services).toHaveLength(23);
    expect(g.edges.length).toBe(res.edges);
    expect(g.unknownRefs.map((u) => u.ref)).toContain('resource:default/feature-store');
    expect(g.cycles).toEqual(res.cycles);
    expect(g.source).toBe('backstage');
  });

  it('changes nothing when an import is malformed, naming document and line', async () => {
    const c = await core();
    await c.invoke('catalog:import', { format: 'yaml', content: read('services.yaml') });
    const broken = BACKSTAGE.replace('  name: inventory-service', '  name: inventory service!');
    const res = await c.dispatch('catalog:import', { format: 'backstage', content: broken });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('invalid_input');
    expect(res.error.message).toMatch(/document 13, line \d+: metadata.name "inventory service!" is not a valid entity name/);
    const g = await c.invoke('catalog:graph', {});
    expect(g.services.map((s) => s.id)).toContain('payments');
    expect(g.source).toBe('yaml');
  });

  it('exports every format and re-imports to the same graph', async () => {
    const c = await core();
    await c.invoke('catalog:import', { format: 'backstage', content: BACKSTAGE });
    const g1 = await c.invoke('catalog:graph', {});
    for (const format of ['backstage', 'json', 'yaml'] as const) {
      const ex = await c.invoke('catalog:export', { format });
      await c.invoke('catalog:import', { format, content: ex.content });
      const g2 = await c.invoke('catalog:graph', {});
      expect(g2.services.map((s) => s.id)).toEqual(g1.services.map((s) => s.id));
      expect(g2.edges.length).toBe(g1.edges.length);
    }
  });
});

describe('impact and blast radius', () => {
  it('marks services per incident and returns transitive dependents through cycles', async () => {
    const c = await core();
    await c.invoke('catalog:import', { format: 'backstage', content: BACKSTAGE });
    const inc = await c.invoke('incidents:declare', { title: 'Payments down', severity: 'SEV-1' });
    const other = await c.invoke('incidents:declare', { title: 'Other', severity: 'SEV-4' });
    const r = await c.invoke('impact:set', { incidentId: inc.id, service: 'payments-db', status: 'major_outage' });
    expect(r.impacted).toEqual(['resource:default/payments-db']);
    const ids = r.dependents.map((d) => d.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'component:default/payments-processor',
        'component:default/checkout-service',
        'component:default/fraud-scoring',
        'api:default/checkout-api',
        'component:default/api-gateway',
        'component:default/web-frontend',
        'component:default/mobile-bff',
        'system:default/payments',
        'system:default/storefront',
      ]),
    );
    expect(ids).not.toContain('resource:default/users-db');
    expect(r.dependents.find((d) => d.id === 'component:default/payments-processor')).toMatchObject({ depth: 1, via: 'resource:default/payments-db' });
    expect((await c.invoke('impact:blast-radius', { incidentId: other.id })).impacted).toEqual([]);
    await expect(c.invoke('impact:set', { incidentId: inc.id, service: 'payments-db', status: 'major_outage' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(c.invoke('impact:set', { incidentId: inc.id, service: 'nope', status: 'major_outage' })).rejects.toMatchObject({ code: 'not_found' });
    const top = (await c.invoke('timeline:list', { incidentId: inc.id })).entries[0]!;
    expect(top.text).toBe('Payments DB: Operational → Major outage; 9 services depend on it');
    await c.invoke('impact:set', { incidentId: inc.id, service: 'resource:default/payments-db', status: 'operational' });
    expect((await c.invoke('impact:blast-radius', { incidentId: inc.id })).dependents).toEqual([]);
  });

  it('flips failover states on the timeline and keeps them across a re-import', async () => {
    const c = await core();
    await c.invoke('catalog:import', { format: 'backstage', content: BACKSTAGE });
    const inc = await c.invoke('incidents:declare', { title: 'EU outage', severity: 'SEV-1' });
    const s = await c.invoke('catalog:failover', { incidentId: inc.id, service: 'api-gateway', active: 'us-east-1' });
    expect(s.failover).toEqual({ options: ['eu-west-1', 'us-east-1'], active: 'us-east-1' });
    await expect(c.invoke('catalog:failover', { incidentId: inc.id, service: 'api-gateway', active: 'us-east-1' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(c.invoke('catalog:failover', { incidentId: inc.id, service: 'api-gateway', active: 'mars' })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'active' }] });
    await expect(c.invoke('catalog:failover', { incidentId: inc.id, service: 'cdn', active: 'x' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await c.invoke('timeline:list', { incidentId: inc.id })).entries[0]!.text).toBe('Failover: API gateway eu-west-1 → us-east-1');
    await c.invoke('catalog:import', { format: 'backstage', content: BACKSTAGE });
    const g = await c.invoke('catalog:graph', {});
    expect(g.services.find((x) => x.name === 'api-gateway')!.failover!.active).toBe('us-east-1');
  });
});
