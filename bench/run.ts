// `npm run bench`: runs every bench/*.bench.ts, prints each figure with its reference and ratio,
// and with --write records the table in docs/benchmarks.md with the machine and date.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const write = process.argv.includes('--write');

// A figure that could not be measured (NaN, e.g. a skipped host cold start) arrives from the bench
// process as JSON null: print a dash for it, like a missing one.
const fmt = (n: number | null | undefined, d = 2) => (typeof n !== 'number' || !Number.isFinite(n) ? '—' : n >= 100 ? n.toFixed(0) : n.toFixed(d));

const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

// Each bench file runs in its own process, so one file's heap and JIT state cannot skew another's.
function runFile(file: string): Promise<BenchResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(here, 'runOne.ts'), path.join(here, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exited with ${code}`);
        resolve(JSON.parse(last) as BenchResult[]);
      } catch (err) {
        reject(new Error(`${file}: ${(err as Error).message}`));
      }
    });
  });
}

const sections: Array<{ file: string; rows: BenchResult[]; error?: string }> = [];
for (const f of files) {
  process.stderr.write(`bench: ${f} …\n`);
  try {
    sections.push({ file: f, rows: await runFile(f) });
  } catch (err) {
    sections.push({ file: f, rows: [], error: (err as Error).message });
  }
}

const lines: string[] = [];
for (const s of sections) {
  lines.push(`\n### ${s.file}\n`);
  if (s.error) {
    lines.push(`FAILED: ${s.error}`);
    continue;
  }
  lines.push('| measure | value | reference | ratio | target | pass |', '|---|---|---|---|---|---|');
  for (const r of s.rows) {
    lines.push(
      `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.reference ? `${r.reference.name}: ${fmt(r.reference.value)} ${r.unit}` : '—'} | ${typeof r.ratio === 'number' && Number.isFinite(r.ratio) ? `${fmt(r.ratio)}×` : '—'} | ${r.target ?? '—'} | ${r.pass === undefined ? '—' : r.pass ? 'yes' : 'NO'} |`,
    );
  }
}
const header = `## ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const text = `${header}\n${lines.join('\n')}\n`;
process.stdout.write(text);
if (write) {
  const doc = path.join(here, '..', 'docs', 'benchmarks.md');
  const intro = '# Benchmarks\n\nProduced by `npm run bench -- --write`. Each figure is printed with a reference measured in the same run; ratios, not absolute times, are what to compare across machines.\n';
  const old = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8').replace(intro, '') : '';
  fs.mkdirSync(path.dirname(doc), { recursive: true });
  fs.writeFileSync(doc, `${intro}\n${text}\n${old}`);
}
const failed = sections.flatMap((s) => s.rows).filter((r) => r.pass === false);
if (failed.length) process.stderr.write(`bench: ${failed.length} figure(s) missed their target\n`);
