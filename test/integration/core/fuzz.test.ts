// Quality bar 19: arbitrary inputs to every command give typed errors only, change nothing, answer fast.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type z } from 'zod';
import { commands, COMMAND_NAMES } from '../../../shared/contract';
import { ERROR_CODES } from '../../../shared/errors';
import { findLeaks } from '../../../main/core/sync/leakCheck';
import { tempCore, tempDir } from '../../helpers/tempCore';

const SEED = 20261124;
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
const LONE_SURROGATE = 'ok\uD800then';

let c: Awaited<ReturnType<typeof tempCore>>;
let incidentId = '';
beforeAll(async () => {
  c = await tempCore();
  incidentId = (await c.invoke('incidents:declare', { title: 'Fuzz target', severity: 'SEV-3' })).id;
});
afterAll(async () => {
  await c.cleanup();
});

async function snapshot() {
  const tables = ['events', 'incidents', 'timeline_entries', 'outbox', 'profile', 'meta'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await c.db.reader.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))!.n;
  return out;
}

function keysOf(name: (typeof COMMAND_NAMES)[number]): string[] {
  const schema = commands[name].input as unknown as z.ZodObject;
  return schema.shape ? Object.keys(schema.shape) : [];
}

function hostileInputs(name: (typeof COMMAND_NAMES)[number]): Array<[string, unknown]> {
  const keys = keysOf(name);
  const cases: Array<[string, unknown]> = [
    ['null', null],
    ['number', 42],
    ['string', 'incidents'],
    ['array', [1, 2]],
    ['__proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')],
    ['constructor key', JSON.parse('{"constructor": {"prototype": {"polluted": true}}}')],
    ['deep nesting', JSON.parse('['.repeat(5000) + ']'.repeat(5000))],
    ['unknown field', { zzz_unknown: 1 }],
  ];
  for (const k of keys) {
    cases.push([`${k}: 10 MB string`, { [k]: TEN_MB }]);
    cases.push([`${k}: lone surrogate`, { [k]: LONE_SURROGATE }]);
    cases.push([`${k}: bidi override`, { [k]: 'exe\u202E.gnp\u200B' }]);
    cases.push([`${k}: object`, { [k]: { $gt: '' } }]);
    cases.push([`${k}: deep`, { [k]: JSON.parse('{"a":'.repeat(2000) + '1' + '}'.repeat(2000)) }]);
  }
  return cases;
}

describe('every command rejects hostile input with a typed error and writes nothing', () => {
  for (const name of COMMAND_NAMES) {
    it(name, async () => {
      for (const [label, input] of hostileInputs(name)) {
        const before = await snapshot();
        const t0 = performance.now();
        const res = await c.dispatch(name, input, { transport: 'fuzz' });
        const ms = performance.now() - t0;
        if (res.ok) {
          // Only inputs that are genuinely valid may succeed (e.g. a query whose fields are all optional).
          expect(commands[name].input.safeParse(input).success, `${name} accepted ${label}`).toBe(true);
          expect(commands[name].kind, `${name} accepted ${label}`).toBe('query');
        } else {
          expect(ERROR_CODES, `${name} ${label}`).toContain(res.error.code);
          expect(res.error.code, `${name} ${label}`).toBe('invalid_input');
          expect(res.error.message.length).toBeLessThan(4000);
        }
        expect(await snapshot(), `${name} ${label} changed data`).toEqual(before);
        expect(ms, `${name} ${label} took ${ms.toFixed(0)} ms`).toBeLessThan(2000);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }
    });
  }
});

describe('random JSON to every command', () => {
  it(`never throws and always answers with a well-formed result (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COMMAND_NAMES), fc.jsonValue({ maxDepth: 4 }), async (name, input) => {
        const res = await c.dispatch(name, input, { transport: 'fuzz' });
        expect(typeof res.ok).toBe('boolean');
        if (!res.ok) expect(ERROR_CODES).toContain(res.error.code);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('still has a consistent database afterwards', async () => {
    const rows = await c.db.reader.all<{ integrity_check: string }>('PRAGMA integrity_check');
    expect(rows).toEqual([{ integrity_check: 'ok' }]);
    expect(await c.invoke('audit:verify', {})).toMatchObject({ ok: true });
    expect((await c.invoke('incidents:get', { id: incidentId })).title).toBe('Fuzz target');
  });
});

describe('invisible and bidirectional characters at the boundary', () => {
  it('refuses a disguised title, naming the field and the character, and writes nothing', async () => {
    const before = await snapshot();
    const res = await c.dispatch('incidents:declare', { title: 'Invoice \u202Egnp.exe', severity: 'SEV-3' }, { transport: 'fuzz' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('invalid_input');
    expect(res.error.issues).toEqual([{ path: 'title', message: expect.stringContaining('U+202E (right-to-left override)') }]);
    expect(await snapshot()).toEqual(before);
    const name = await c.dispatch('profile:set', { displayName: 'Mallory\u2066', handle: 'tester' }, { transport: 'fuzz' });
    expect(name.ok ? null : name.error.issues?.[0]?.path).toBe('displayName');
  });

  it('stores free text and names cleaned: NFC, no zero-width or override characters', async () => {
    const inc = await c.invoke('incidents:declare', { title: ' Checkout\u200B down\u00AD ', severity: 'SEV-3', summary: 'Cafe\u0301 orders \u202Efail\u202C since 10:00' });
    expect(inc.title).toBe('Checkout down');
    expect(inc.summary).toBe('Caf\u00E9 orders fail since 10:00');
    const entry = await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'rotated AKIA\u200BIOSFODNN7EXAMPLE \u{E0069}\u{E0067}' });
    expect(entry.text).toBe('rotated AKIAIOSFODNN7EXAMPLE ');
    const stored = await c.invoke('incidents:get', { id: inc.id });
    expect([stored.title, stored.summary]).toEqual(['Checkout down', 'Caf\u00E9 orders fail since 10:00']);
    const blank = await c.dispatch('timeline:append', { incidentId: inc.id, kind: 'note', text: '\u200B\u2060\uFEFF' }, { transport: 'fuzz' });
    expect(blank.ok ? null : blank.error.code).toBe('invalid_input');
  });
});

describe('the public-text scanner on hostile text', () => {
  // A public template may hold 25,000 characters; each scan runs while an outbox item is planned.
  // A pattern that retries from every position of a long run is quadratic in it.
  const runs: Array<[string, string]> = [
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
  it.each(runs)('answers fast: %s', (_what, text) => {
    const t0 = performance.now();
    findLeaks(text);
    const ms = performance.now() - t0;
    expect(ms, `${ms.toFixed(0)} ms`).toBeLessThan(500);
  });
});

describe('deeply nested import files', () => {
  it('are refused as invalid input, again and again, and the process survives', async () => {
    const dataDir = tempDir('cp-deep-');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'deepImportChild.ts'), dataDir], { cwd: path.resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(guard);
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect({ code, signal, stderr: err.slice(0, 300) }).toEqual({ code: 0, signal: null, stderr: '' });
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { name: string; ok: boolean; code: string; message: string });
    expect(lines).toHaveLength(9);
    for (const l of lines) {
      expect(l, l.name).toMatchObject({ ok: false, code: 'invalid_input' });
      expect(l.message, l.name).toMatch(/nested deeper than 64 levels/);
    }
    expect(out.trim().endsWith('DONE')).toBe(true);
  });
});
