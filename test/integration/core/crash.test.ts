// Quality bar 1: SIGKILL at random moments loses no acknowledged write and leaves no half-applied
// transaction. CRASH_CYCLES overrides the cycle count (the bench/nightly run uses hundreds).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createCore } from '../../../main/core/core';
import { mulberry32 } from '../../helpers/prng';
import { tempDir } from '../../helpers/tempCore';

const CYCLES = Number(process.env.CRASH_CYCLES ?? 30);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const root = path.resolve(__dirname, '../../..');

function runUntilKilled(dataDir: string, cycle: number, killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crashChild.ts'), dataDir, String(cycle)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer && out.includes('READY')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited ${code}/${signal} before the kill: ${err.slice(0, 500)}`));
      // Only complete lines count: a line cut by the kill was not fully reported.
      resolve(out.split('\n').filter((l) => /^ACK \S+$/.test(l)).map((l) => l.slice(4)));
    });
  });
}

it(`loses no acknowledged event across ${CYCLES} SIGKILLs (seed ${SEED})`, async () => {
  const rand = mulberry32(SEED);
  const dataDir = tempDir('cp-crash-');
  const acked: string[] = [];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    acked.push(...(await runUntilKilled(dataDir, cycle, 20 + Math.floor(rand() * 400))));
  }
  expect(acked.length, `seed ${SEED}`).toBeGreaterThan(CYCLES);

  const core = await createCore({ dataDir });
  try {
    const db = core.db.reader;
    expect(await db.all('PRAGMA integrity_check'), `seed ${SEED}`).toEqual([{ integrity_check: 'ok' }]);
    const stored = new Set((await db.all<{ id: string }>('SELECT id FROM events')).map((r) => r.id));
    const lost = acked.filter((id) => !stored.has(id));
    expect(lost, `seed ${SEED}: acknowledged but lost`).toEqual([]);

    // Every appended event has its projection and its audit row, or none of them exist.
    const events = (await db.get<{ n: number }>("SELECT count(*) AS n FROM events WHERE kind IN ('timeline.note', 'timeline.decision')"))!.n;
    const entries = (await db.get<{ n: number }>("SELECT count(*) AS n FROM timeline_entries WHERE kind IN ('note', 'decision')"))!.n;
    const audits = (await db.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE command = 'timeline:append' AND outcome = 'ok'"))!.n;
    expect({ entries, audits }, `seed ${SEED}`).toEqual({ entries: events, audits: events });
    const orphans = (await db.get<{ n: number }>('SELECT count(*) AS n FROM timeline_entries t LEFT JOIN events e ON e.id = t.event_id WHERE e.id IS NULL'))!.n;
    expect(orphans).toBe(0);
    const inc = (await core.invoke('incidents:list', {}))[0]!;
    const total = (await db.get<{ n: number }>('SELECT count(*) AS n FROM timeline_entries WHERE incident_id = ?', [inc.id]))!.n;
    expect(inc.entryCount, `seed ${SEED}: projection counter`).toBe(total);
    expect((await core.invoke('audit:verify', {})).ok, `seed ${SEED}`).toBe(true);
  } finally {
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 600_000);
