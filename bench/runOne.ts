// Runs one bench file and prints its rows as JSON on the last stdout line (used by bench/run.ts).
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './types';

const file = process.argv[2];
if (!file) throw new Error('usage: runOne.ts <bench file>');
const mod = (await import(pathToFileURL(file).href)) as { run(): Promise<BenchResult[]> };
const rows = await mod.run();
process.stdout.write(`\n${JSON.stringify(rows)}\n`);
process.exit(0);
