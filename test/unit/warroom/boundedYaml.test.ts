// Untrusted YAML is only ever parsed through main/core/untrusted/boundedYaml.ts (nesting and aliases
// bounded). This proves no other module of the product can parse YAML on its own.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ALIASES, MAX_DEPTH, parseYaml, yamlValue } from '../../../main/core/untrusted/boundedYaml';

const root = path.resolve(__dirname, '../../..');
const SANCTIONED = 'main/core/untrusted/boundedYaml.ts';
// What may be imported from 'yaml' elsewhere: writing YAML, and types.
const HARMLESS = new Set(['stringify']);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(e.name)) out.push(rel);
  }
  return out;
}

describe('bounded YAML', () => {
  it('is the only module that parses YAML', () => {
    const offenders: string[] = [];
    for (const file of ['main', 'shared', 'preload', 'renderer/src', 'scripts'].filter((d) => fs.existsSync(path.join(root, d))).flatMap(sources)) {
      if (file === SANCTIONED) continue;
      const code = fs.readFileSync(path.join(root, file), 'utf8');
      for (const m of code.matchAll(/import\s+([^;]*?)\s+from\s+['"]yaml(?:\/[^'"]*)?['"]|require\(\s*['"]yaml(?:\/[^'"]*)?['"]\s*\)|import\(\s*['"]yaml/g)) {
        const clause = m[1];
        const named = clause ? /^(type\s+)?\{([^}]*)\}$/.exec(clause.trim()) : null;
        if (!named) {
          offenders.push(`${file}: ${m[0]}`);
          continue;
        }
        if (named[1]) continue; // import type { … }
        const values = named[2]!
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s && !s.startsWith('type '));
        const bad = values.filter((v) => !HARMLESS.has(v.split(/\s+as\s+/)[0]!));
        if (bad.length) offenders.push(`${file}: imports ${bad.join(', ')} from 'yaml'`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('answers every hostile shape with a problem, never a throw', () => {
    const shapes = [
      `${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`,
      `${'{a: '.repeat(50_000)}${'}'.repeat(50_000)}`,
      `a:\n  ${'- '.repeat(50_000)}x`,
      `a: &a [x]\n${Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `b${i}: *a`).join('\n')}`,
      'a: *nowhere',
      'a: &a [*a]',
    ];
    for (const s of shapes) {
      const { documents, problems, lineCounter } = parseYaml(s);
      const values = documents.map((d) => (d.errors.length ? null : yamlValue(d, lineCounter)));
      expect(problems.length + values.filter((v) => v && !v.ok).length, s.slice(0, 40)).toBeGreaterThan(0);
    }
  });

  it('reads ordinary YAML with its line numbers', () => {
    const { documents, problems, lineCounter } = parseYaml('a: 1\n---\nb: &x [1, 2]\nc: *x\n');
    expect(problems).toEqual([]);
    expect(documents.map((d) => yamlValue(d, lineCounter))).toEqual([
      { ok: true, value: { a: 1 } },
      { ok: true, value: { b: [1, 2], c: [1, 2] } },
    ]);
  });
});
