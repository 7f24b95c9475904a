import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCatalog, parseBackstage, parseCatalog, parseEntityRef, parseSimple } from '../../../main/core/catalog/catalogFormats';
import { AppError } from '../../../shared/errors';

const SAMPLE = fs.readFileSync(path.resolve(__dirname, '../../../resources/catalogs/catalog-info.yaml'), 'utf8');

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).issues ?? [];
  }
  throw new Error('expected a failure');
}

describe('Backstage catalog-info.yaml', () => {
  it('reads the shipped multi-document sample: kinds, owner, system, runbooks, failover, APIs', () => {
    const c = parseBackstage(SAMPLE);
    expect(c.services).toHaveLength(23);
    const gw = c.services.find((s) => s.id === 'component:default/api-gateway')!;
    expect(gw).toMatchObject({ kind: 'component', owner: 'edge', tier: '0', system: 'system:default/storefront', runbookUrl: 'https://runbooks.example.com/edge/api-gateway' });
    expect(gw.failover).toEqual({ options: ['eu-west-1', 'us-east-1'], active: 'eu-west-1' });
    const has = (from: string, to: string, type: string) => c.edges.some((e) => e.from === from && e.to === to && e.type === type);
    expect(has('component:default/api-gateway', 'api:default/checkout-api', 'consumesApi')).toBe(true);
    expect(has('api:default/checkout-api', 'component:default/checkout-service', 'providedBy')).toBe(true);
    expect(has('system:default/payments', 'component:default/checkout-service', 'hasPart')).toBe(true);
    expect(c.services.find((s) => s.id === 'resource:default/orders-db')!.runbookUrl).toBe('https://runbooks.example.com/dba/orders-db-failover');
    expect(c.unknownRefs.map((u) => u.ref).sort()).toEqual(['component:default/card-network-gateway', 'component:default/email-relay', 'resource:default/feature-store']);
    expect(c.unknownRefs.find((u) => u.ref === 'resource:default/feature-store')).toMatchObject({ from: 'component:default/fraud-scoring', field: 'spec.dependsOn', document: 12 });
    expect(c.ignored.map((i) => i.kind)).toEqual(['Group', 'Location']);
  });

  it('names the document and line of a YAML syntax error', () => {
    const bad = 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [b\n';
    const issues = issuesOf(() => parseBackstage(bad));
    expect(issues[0]!.path).toMatch(/^document 2, line (9|10)$/);
    expect(issues[0]!.message).toMatch(/YAML syntax error/);
  });

  it('names the document and line of structural problems, all of them', () => {
    const bad = [
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ok\nspec:\n  dependsOn: component:x',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  title: no name',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ok',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: c\n  links:\n    - url: http://insecure.example.com\n      title: Runbook',
    ].join('\n---\n');
    const issues = issuesOf(() => parseBackstage(bad));
    expect(issues).toEqual([
      { path: 'document 1, line 6', message: 'spec.dependsOn must be a list of entity references' },
      { path: 'document 2, line 11', message: 'metadata.name is required' },
      { path: 'document 3, line 16', message: 'component:default/ok is defined twice (first in document 1, line 1)' },
      { path: 'document 4, line 23', message: 'the runbook link "http://insecure.example.com" must be an https URL' },
    ]);
  });

  it('parses entity references with defaults', () => {
    expect(parseEntityRef('resource:prod/db', 'component', 'default')).toEqual({ id: 'resource:prod/db', kind: 'resource', name: 'db' });
    expect(parseEntityRef('api-x', 'api', 'default')!.id).toBe('api:default/api-x');
    expect(parseEntityRef('bad ref', 'component', 'default')).toBeNull();
  });

  it('round-trips through its own export', () => {
    const c = parseBackstage(SAMPLE);
    const again = parseBackstage(exportCatalog('backstage', c.services, c.edges));
    expect(again.services).toEqual(c.services);
    expect(new Set(again.edges.map((e) => `${e.from}>${e.to}>${e.type}`))).toEqual(new Set(c.edges.map((e) => `${e.from}>${e.to}>${e.type}`)));
  });
});

describe('simple JSON / YAML format', () => {
  it('reads the shipped samples and round-trips', () => {
    for (const [file, format] of [
      ['services.yaml', 'yaml'],
      ['services.json', 'json'],
    ] as const) {
      const c = parseCatalog(format, fs.readFileSync(path.resolve(__dirname, '../../../resources/catalogs', file), 'utf8'));
      expect(c.services).toHaveLength(8);
      expect(c.edges).toHaveLength(8);
      expect(c.services.find((s) => s.id === 'payments')!.failover).toEqual({ options: ['primary', 'secondary'], active: 'primary' });
      const back = parseCatalog(format, exportCatalog(format, c.services, c.edges));
      expect(back.services).toEqual(c.services);
    }
  });

  it('names the line of a JSON syntax error and of bad fields', () => {
    expect(issuesOf(() => parseSimple('{\n "services": [\n  {"id": "a",}\n ]\n}', 'json'))[0]!.path).toBe('document 1, line 3');
    const issues = issuesOf(() => parseSimple('services:\n  - id: a\n    dependsOn: b\n  - name: no id\n  - id: c\n    runbook: ftp://x\n    colour: red\n', 'yaml'));
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'document 1, line 3: services[0].dependsOn must be a list of service ids',
      'document 1, line 4: services[1].id is required',
      'document 1, line 7: services[2] has an unknown field "colour"',
      'document 1, line 6: services[2].runbook must be an https URL',
    ]);
  });

  it('lists unknown references instead of failing, and accepts cycles', () => {
    const c = parseSimple('[{"id":"a","dependsOn":["b","ghost"]},{"id":"b","dependsOn":["a"]}]', 'json');
    expect(c.edges).toHaveLength(2);
    expect(c.unknownRefs).toEqual([{ from: 'a', ref: 'ghost', field: 'dependsOn', document: 1, line: 1 }]);
  });
});

describe('Backstage export of a simple-format catalog', () => {
  it('keeps kinds so references resolve after re-import', () => {
    const c = parseSimple('services:\n  - id: api\n    dependsOn: [db]\n  - id: db\n    kind: resource\n', 'yaml');
    const again = parseBackstage(exportCatalog('backstage', c.services, c.edges));
    expect(again.unknownRefs).toEqual([]);
    expect(again.edges).toEqual([{ from: 'component:default/api', to: 'resource:default/db', type: 'dependsOn' }]);
  });
});

describe('hostile YAML is refused as invalid input, naming the document and line', () => {
  // "Billion laughs": each level aliases the one before nine times, 9^9 strings once expanded.
  const laughs = (indent: string) => {
    const lines = [`${indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
    for (let i = 1; i <= 8; i++) lines.push(`${indent}l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    return lines.join('\n');
  };

  it('refuses an alias bomb in the simple format at the line of the first nested alias', () => {
    const bomb = `services:\n  - id: a\nbomb:\n${laughs('  ')}\n`;
    const issues = issuesOf(() => parseSimple(bomb, 'yaml'));
    expect(issues[0]).toEqual({ path: 'document 1, line 6', message: expect.stringMatching(/alias \*l1 .*contains aliases/) });
  });

  it('refuses an alias bomb in one Backstage document and names that document', () => {
    const ok = 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a';
    const bomb = `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: b\n  annotations:\n${laughs('    ')}`;
    const issues = issuesOf(() => parseBackstage(`${ok}\n---\n${bomb}\n`));
    expect(issues[0]!.path).toBe('document 2, line 13');
    expect(issues[0]!.message).toMatch(/alias/);
  });

  it('refuses more aliases in one document than the limit, at the first one too many', () => {
    const lines = ['owner: &o team-a', 'services:', ...Array.from({ length: 101 }, (_, i) => `  - {id: s${i}, owner: *o}`)];
    const issues = issuesOf(() => parseSimple(lines.join('\n'), 'yaml'));
    expect(issues[0]).toEqual({ path: 'document 1, line 103', message: expect.stringMatching(/more than 100 aliases/) });
  });

  it('refuses an alias to its own enclosing node', () => {
    expect(issuesOf(() => parseSimple('services: &s\n  - id: a\n    dependsOn: *s\n', 'yaml'))[0]).toEqual({ path: 'document 1, line 3', message: expect.stringMatching(/alias \*s/) });
  });

  it('still reads anchors used for plain shared values and mappings', () => {
    const c = parseSimple('services:\n  - {id: a, owner: &team payments, failover: &fo {options: [eu, us], active: eu}}\n  - {id: b, owner: *team, failover: *fo, dependsOn: [a]}\n', 'yaml');
    expect(c.services.map((s) => s.owner)).toEqual(['payments', 'payments']);
    expect(c.services[1]!.failover).toEqual({ options: ['eu', 'us'], active: 'eu' });
  });

  it('refuses nesting deeper than the limit without recursing into it (YAML and JSON)', () => {
    const deep = (n: number) => `services:\n  - id: a\n    tier: ${'['.repeat(n)}${']'.repeat(n)}\n`;
    expect(parseSimple(deep(40), 'yaml').services).toHaveLength(1);
    for (const n of [100, 20_000]) {
      const issues = issuesOf(() => parseSimple(deep(n), 'yaml'));
      expect(issues[0]).toEqual({ path: 'document 1, line 3', message: expect.stringMatching(/nested deeper than 64 levels/) });
    }
    // JSON is read by JSON.parse; YAML (for line numbers) only when a problem needs a line.
    const json = `{"services": [{"id": "a", "colour": "red", "tier": ${'['.repeat(20_000)}${']'.repeat(20_000)}}]}`;
    expect(issuesOf(() => parseSimple(json, 'json'))[0]!.message).toMatch(/nested deeper than 64 levels/);
    const blocks = `services:\n  - id: a\n    tier:\n      ${'- '.repeat(20_000)}x\n`;
    expect(issuesOf(() => parseSimple(blocks, 'yaml'))[0]!.message).toMatch(/nested deeper than 64 levels/);
  });
});
