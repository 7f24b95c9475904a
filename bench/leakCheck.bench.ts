// The public-text scanner on hostile text, against ordinary status prose of the same length, measured
// in the same run. A public template may hold 25,000 characters and each scan runs while an outbox
// item is planned; a pattern that retries from every position of a long run is quadratic in it, and
// shows here as a ratio far above 1.
//   npx tsx bench/leakCheck.bench.ts     npm run bench -- leakCheck
import { findLeaks } from '../main/core/sync/leakCheck';
import { percentile, type BenchResult } from './types';

export const HOSTILE_RUNS: Array<[string, string]> = [
  ['hyphenated run', 'a-'.repeat(12_500)],
  ['digits and hyphens', 'a1-'.repeat(8_000)],
  ['dotted run', 'a.'.repeat(12_500)],
  ['one long word', `${'x'.repeat(25_000)}.`],
  ['a frame that never closes', `at a (${'/'.repeat(25_000)}`],
  ['a quote that never closes', `File "${'x'.repeat(25_000)}`],
  ['capitals then Error', `${'A'.repeat(25_000)}Error`],
  ['dots then Exception', `${'a.'.repeat(6_000)}Exception`],
  ['spaces', ' '.repeat(25_000)],
  ['blank lines', '\n\t'.repeat(12_500)],
];

const PROSE = 'We are investigating elevated error rates for checkout. Some customers may see failed payments; retrying succeeds for most. Next update in 20 minutes. ';

function median(text: string, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    findLeaks(text);
    times.push(performance.now() - t0);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  let worst = { what: '', ms: 0, ref: 1 };
  for (const [what, text] of HOSTILE_RUNS) {
    const ref = median(PROSE.repeat(Math.ceil(text.length / PROSE.length)).slice(0, text.length));
    const ms = median(text);
    if (ms / ref > worst.ms / worst.ref) worst = { what, ms, ref };
  }
  out.push({
    name: `public-text scan, worst hostile 25,000-character run (${worst.what})`,
    value: worst.ms,
    unit: 'ms',
    reference: { name: 'ordinary status prose of the same length', value: worst.ref },
    ratio: worst.ms / worst.ref,
    target: '< 500 ms and ≤ 10× prose (linear in the text)',
    pass: worst.ms < 500 && worst.ms / worst.ref <= 10,
  });
  return out;
}
