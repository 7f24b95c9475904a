// War room benchmark: a 2,000-service / 5,000-edge catalog. Import (simple JSON and Backstage
// YAML) through the real core on SQLite, blast radius (target < 10 ms) and automatic layout
// (target < 2 s). Run alone: `npx tsx bench/warroom.bench.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../main/core/createCore';
import { exportCatalog, parseSimple } from '../main/core/catalog/catalogFormats';
import { elkLayout, fastLayout } from '../renderer/src/features/depmap/layout';
import { buildAdjacency, dependentsOf, type Service, type ServiceEdge } from '../shared/domain/catalog';
import { percentile, type BenchResult } from './types';

const SERVICES = 2_000;
const EDGES = 5_000;

/** A catalog shaped like a real one: five tiers, most edges point one or two tiers down, a few cycles. Seeded. */
export function syntheticCatalog(n = SERVICES, m = EDGES, seed = 20261124): { services: Service[]; edges: ServiceEdge[] } {
  // mulberry32: a seeded PRNG in 32-bit integer arithmetic (an LCG in doubles loses precision and cycles).
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const tiers = 5;
  const services: Service[] = Array.from({ length: n }, (_, i) => ({
    id: `svc-${String(i).padStart(4, '0')}`,
    kind: i % tiers === 4 ? 'resource' : 'component',
    name: `svc-${i}`,
    title: `Service ${i}`,
    description: '',
    owner: `team-${i % 60}`,
    tier: String(i % tiers),
    runbookUrl: `https://runbooks.example.com/svc-${i}`,
    system: null,
    lifecycle: 'production',
    failover: i % 10 === 0 ? { options: ['eu-west-1', 'us-east-1'], active: 'eu-west-1' } : null,
  }));
  const byTier = Array.from({ length: tiers }, (_, t) => services.filter((_, i) => i % tiers === t));
  const edges: ServiceEdge[] = [];
  const seen = new Set<string>();
  while (edges.length < m) {
    const t = Math.floor(rnd() * (tiers - 1));
    const from = byTier[t]![Math.floor(rnd() * byTier[t]!.length)]!;
    // 97% downward (one or two tiers), 3% upward: the cycles real catalogs have.
    const up = rnd() < 0.03;
    const tt = up ? Math.max(0, t - 1) : Math.min(tiers - 1, t + 1 + (rnd() < 0.3 ? 1 : 0));
    const to = byTier[tt]![Math.floor(rnd() * byTier[tt]!.length)]!;
    const key = `${from.id}>${to.id}`;
    if (from.id === to.id || seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: from.id, to: to.id, type: 'dependsOn' });
  }
  return { services, edges };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

export async function run(): Promise<BenchResult[]> {
  const { services, edges } = syntheticCatalog();
  const json = exportCatalog('json', services, edges);
  const backstage = exportCatalog('backstage', services, edges);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-bench-warroom-'));
  const core = await createCore({ dataDir: dir });
  const rows: BenchResult[] = [];
  try {
    await core.invoke('profile:set', { displayName: 'Bench', handle: 'bench' });

    // Reference: the same 2,000 + 5,000 rows as bare multi-row INSERTs in one transaction.
    await core.db.queue.transaction((tx) => tx.exec('CREATE TABLE IF NOT EXISTS bench_svc (id TEXT PRIMARY KEY, body TEXT); CREATE TABLE IF NOT EXISTS bench_edge (a TEXT, b TEXT);'));
    const rawTimes: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      await core.db.queue.transaction(async (tx) => {
        await tx.run('DELETE FROM bench_svc');
        await tx.run('DELETE FROM bench_edge');
        for (let i = 0; i < services.length; i += 400) {
          const part = services.slice(i, i + 400);
          await tx.run(`INSERT INTO bench_svc VALUES ${part.map(() => '(?, ?)').join(',')}`, part.flatMap((s) => [s.id, JSON.stringify(s)]));
        }
        for (let i = 0; i < edges.length; i += 400) {
          const part = edges.slice(i, i + 400);
          await tx.run(`INSERT INTO bench_edge VALUES ${part.map(() => '(?, ?)').join(',')}`, part.flatMap((e) => [e.from, e.to]));
        }
      });
      rawTimes.push(performance.now() - t0);
    }
    const raw = median(rawTimes);

    const importTimes: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      await core.invoke('catalog:import', { format: 'json', content: json });
      importTimes.push(performance.now() - t0);
    }
    rows.push({
      name: `catalog:import JSON, ${SERVICES} services / ${EDGES} edges (parse, validate, replace, cycles), median of 3`,
      value: median(importTimes),
      unit: 'ms',
      reference: { name: 'bare INSERT of the same rows in one transaction', value: raw },
      ratio: median(importTimes) / raw,
    });
    const bsTimes: number[] = [];
    for (let r = 0; r < 2; r++) {
      const t0 = performance.now();
      const res = await core.invoke('catalog:import', { format: 'backstage', content: backstage });
      bsTimes.push(performance.now() - t0);
      if (res.services !== SERVICES) throw new Error(`imported ${res.services} services`);
    }
    rows.push({
      name: `catalog:import Backstage YAML (${(backstage.length / 1e6).toFixed(1)} MB, ${SERVICES} documents), median of 2`,
      value: median(bsTimes),
      unit: 'ms',
      reference: { name: 'bare INSERT of the same rows', value: raw },
      ratio: median(bsTimes) / raw,
    });
    // Parsing alone, to show where import time goes.
    const tp = performance.now();
    parseSimple(json, 'json');
    rows.push({ name: 'of which parse + validate JSON (no SQL)', value: performance.now() - tp, unit: 'ms' });

    // Blast radius: in memory over the adjacency, from one impacted service of the lowest tier
    // (the worst case: most of the graph depends on it) and through the command with 5 impacted.
    const adj = buildAdjacency(edges);
    const roots = services.filter((s) => s.tier === '4').map((s) => s.id);
    const mem: number[] = [];
    let reached = 0;
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      reached = Math.max(reached, dependentsOf([roots[i % roots.length]!], adj).length);
      mem.push(performance.now() - t0);
    }
    mem.sort((a, b) => a - b);
    const scan: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      let c = 0;
      for (const e of edges) if (e.to === roots[0]) c++;
      scan.push(performance.now() - t0 + c * 0);
    }
    scan.sort((a, b) => a - b);
    rows.push({
      name: `blast radius in memory (one impacted resource, up to ${reached} dependents), p95 of 300`,
      value: percentile(mem, 95),
      unit: 'ms',
      reference: { name: 'one linear scan of the 5,000 edges', value: percentile(scan, 95) },
      ratio: percentile(mem, 95) / percentile(scan, 95),
      target: '< 10 ms',
      pass: percentile(mem, 95) < 10,
    });
    const inc = await core.invoke('incidents:declare', { title: 'Bench', severity: 'SEV-2' });
    for (const r of roots.slice(0, 5)) await core.invoke('impact:set', { incidentId: inc.id, service: r, status: 'major_outage' });
    await core.invoke('impact:blast-radius', { incidentId: inc.id });
    const cmd: number[] = [];
    let dependents = 0;
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      dependents = (await core.invoke('impact:blast-radius', { incidentId: inc.id })).dependents.length;
      cmd.push(performance.now() - t0);
    }
    cmd.sort((a, b) => a - b);
    const ping: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      await core.invoke('incidents:get', { id: inc.id });
      ping.push(performance.now() - t0);
    }
    ping.sort((a, b) => a - b);
    rows.push({
      name: `impact:blast-radius command (5 impacted → ${dependents} dependents, with statuses and upstream), p95 of 100`,
      value: percentile(cmd, 95),
      unit: 'ms',
      reference: { name: 'incidents:get (one-row query through the same dispatcher)', value: percentile(ping, 95) },
      ratio: percentile(cmd, 95) / percentile(ping, 95),
      target: '< 10 ms',
      pass: percentile(cmd, 95) < 10,
    });

    // Layout.
    const ids = services.map((s) => s.id);
    const lay: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const pos = fastLayout(ids, edges);
      lay.push(performance.now() - t0);
      if (pos.size !== SERVICES) throw new Error('layout lost nodes');
    }
    const sample = parseSimple(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'catalogs', 'services.json'), 'utf8'), 'json');
    const small = syntheticCatalog(120, 300);
    const sub = small.services.map((s) => s.id);
    const subEdges = small.edges;
    await elkLayout(
      sample.services.map((s) => s.id),
      sample.edges,
    ); // warm the ELK engine
    const te = performance.now();
    await elkLayout(sub, subEdges);
    const elk120 = performance.now() - te;
    rows.push({
      name: `layout ${SERVICES} services / ${EDGES} edges (layered: DFS cycle breaking, longest path, barycentre), median of 3`,
      value: median(lay),
      unit: 'ms',
      reference: { name: `elkjs layered on 120 services / ${subEdges.length} edges`, value: elk120 },
      ratio: median(lay) / elk120,
      target: '< 2 s',
      pass: median(lay) < 2000,
    });
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  for (const r of await run()) {
    console.log(
      `${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.reference ? ` (reference ${r.reference.name}: ${r.reference.value.toFixed(2)} ${r.unit}, ratio ${r.ratio!.toFixed(2)}×)` : ''}${r.target ? ` target ${r.target} → ${r.pass ? 'pass' : 'FAIL'}` : ''}`,
    );
  }
}
