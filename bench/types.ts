export interface BenchResult {
  /** What was measured, e.g. "timeline:append p99". */
  name: string;
  value: number;
  unit: string;
  /** The reference measured in the same run, same unit (e.g. raw SQLite insert). */
  reference?: { name: string; value: number };
  /** value / reference (or as stated in `name`). */
  ratio?: number;
  /** The pass condition, in words, e.g. "≤ 3× raw insert". */
  target?: string;
  pass?: boolean;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}
