// How fast a hostile input is answered (quality bar 19: "answer fast"), as a ratio to a valid call of
// the same command measured in the same run. The cases are the field fuzz's own
// (test/integration/core/fuzzFixtures.ts): every refused value of every field of every command, on a
// copy of the prepared console. Both sides run on the same storage (tmpfs where there is one, as in
// the test), so the ratio is the cost of refusing the value against the cost of doing the work.
//   npx tsx bench/fuzz.bench.ts            (alone)     npm run bench -- fuzz   (with the others)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMAND_NAMES, commands, type CommandName } from '../shared/contract';
import { casesFor, contextFor, FIXTURES, prepareWorld, type FuzzWorld } from '../test/integration/core/fuzzFixtures';
import { percentile, type BenchResult } from './types';

const VALID_RUNS = 5;

/**
 * A valid call of the command: a query several times on one copy (with its outbox engine, which
 * integrations:test needs), a mutation on a fresh copy each time (its effect cannot repeat).
 */
async function validCall(world: FuzzWorld, name: CommandName): Promise<number> {
  const v = FIXTURES[name][0]!;
  const times: number[] = [];
  const query = commands[name].kind === 'query' && !v.before;
  const reused = query ? await world.open(v.base ?? 'prepared') : null;
  for (let i = 0; i < VALID_RUNS; i++) {
    const core = reused ?? (await world.open(v.base ?? 'prepared', { sync: false }));
    try {
      let ctx = contextFor(world, core.scratch);
      ctx = { ...ctx, ...((await v.before?.(core, ctx)) ?? {}) };
      const input = v.input(ctx);
      const t0 = performance.now();
      const res = await core.dispatch(name, input, { transport: v.transport ?? 'http' });
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`${name}: the valid fixture failed: ${res.error.message}`);
      times.push(ms);
    } finally {
      if (core !== reused) await core.dispose();
    }
  }
  await reused?.dispose();
  return percentile(times.sort((a, b) => a - b), 50);
}

export async function run(): Promise<BenchResult[]> {
  const world = await prepareWorld();
  const shared = await world.open('prepared', { sync: false });
  try {
    const ctx = contextFor(world, shared.scratch);
    const perCommand: Array<{ name: CommandName; valid: number; worst: number; worstCase: string; p50: number; n: number }> = [];
    const all: number[] = [];
    const tenMb: Array<{ ms: number; valid: number }> = [];
    for (const name of COMMAND_NAMES) {
      const valid = await validCall(world, name);
      const times: number[] = [];
      let worst = 0;
      let worstCase = '';
      for (const k of casesFor(name, ctx)) {
        if (k.expect !== 'refuse') continue;
        const t0 = performance.now();
        const res = await shared.dispatch(name, k.input, { transport: FIXTURES[name][k.variant]!.transport ?? 'http' });
        const ms = performance.now() - t0;
        if (res.ok) throw new Error(`${name} ${k.path}: ${k.label} was accepted`);
        times.push(ms);
        if (k.label === 'a 10 MB string') tenMb.push({ ms, valid });
        if (ms > worst) {
          worst = ms;
          worstCase = `${k.path || '(input)'}: ${k.label}`;
        }
      }
      all.push(...times);
      perCommand.push({ name, valid, worst, worstCase, p50: percentile(times.sort((a, b) => a - b), 50), n: times.length });
    }
    all.sort((a, b) => a - b);
    const slowest = perCommand.reduce((a, b) => (b.worst > a.worst ? b : a));
    const worstRatio = perCommand.reduce((a, b) => (b.worst / b.valid > a.worst / a.valid ? b : a));
    const validP50 = percentile(perCommand.map((p) => p.valid).sort((a, b) => a - b), 50);
    const tenMbP50 = percentile(tenMb.map((t) => t.ms).sort((a, b) => a - b), 50);
    const tenMbRef = percentile(tenMb.map((t) => t.valid).sort((a, b) => a - b), 50);
    return [
      {
        name: `slowest hostile call of ${all.length} (${slowest.name} ${slowest.worstCase})`,
        value: slowest.worst,
        unit: 'ms',
        reference: { name: `valid ${slowest.name}, median of ${VALID_RUNS}`, value: slowest.valid },
        ratio: slowest.worst / slowest.valid,
        target: '< 2 s per call',
        pass: slowest.worst < 2000,
      },
      {
        name: `highest ratio of a command's slowest hostile call to its valid call (${worstRatio.name} ${worstRatio.worstCase})`,
        value: worstRatio.worst,
        unit: 'ms',
        reference: { name: `valid ${worstRatio.name}`, value: worstRatio.valid },
        ratio: worstRatio.worst / worstRatio.valid,
        target: 'informational (refusing a 10 MB value costs its scan)',
      },
      {
        name: `hostile call p50 over all ${all.length} refused values`,
        value: percentile(all, 50),
        unit: 'ms',
        reference: { name: `valid call p50 over ${perCommand.length} commands`, value: validP50 },
        ratio: percentile(all, 50) / validP50,
        target: 'informational',
      },
      { name: 'hostile call p99', value: percentile(all, 99), unit: 'ms', reference: { name: 'valid call p50', value: validP50 }, ratio: percentile(all, 99) / validP50 },
      {
        name: `refusing a 10 MB string, median over ${tenMb.length} fields`,
        value: tenMbP50,
        unit: 'ms',
        reference: { name: 'valid call of the same commands, median', value: tenMbRef },
        ratio: tenMbP50 / tenMbRef,
        target: '< 2 s',
        pass: Math.max(...tenMb.map((t) => t.ms)) < 2000,
      },
    ];
  } finally {
    await shared.dispose();
    await world.close();
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  void run().then((rows) => {
    for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.reference ? ` | ref ${r.reference.name}: ${r.reference.value.toFixed(2)}` : ''}${r.ratio !== undefined ? ` | ratio ${r.ratio.toFixed(2)}` : ''}`);
    process.exit(0);
  });
}
