// Every string field of every command input is walked from the zod schemas themselves (nothing is
// listed by hand): none lets a bidirectional control through, none but secrets and paths lets an
// invisible character through, and free text and names come out NFC.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { commands, COMMAND_NAMES } from '../../../shared/contract';
import { cleanNameText, cleanText, label, text, textClasses, type TextClass } from '../../../shared/validation';

interface Leaf {
  path: string;
  schema: z.ZodType;
  textClass: TextClass | undefined;
  /** Values an enum or literal accepts. */
  fixed?: string[];
}

type Def = { type: string } & Record<string, unknown>;
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const classOf = (s: unknown): TextClass | undefined => textClasses.get(s as z.ZodType)?.textClass;

function walk(schema: z.ZodType, path: string, out: Leaf[]): void {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(v, `${path}.${k}`, out);
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return walk(def.innerType as z.ZodType, path, out);
    case 'array':
      return walk(def.element as z.ZodType, `${path}[]`, out);
    case 'union':
      (def.options as z.ZodType[]).forEach((o, i) => walk(o, `${path}<${i}>`, out));
      return;
    case 'record':
      walk(def.keyType as z.ZodType, `${path}{key}`, out);
      walk(def.valueType as z.ZodType, `${path}{value}`, out);
      return;
    case 'pipe': {
      // A transformed string (free text, names): the whole pipe is the field, its class sits on `in`.
      const inner = def.in as z.ZodType;
      if (defOf(inner).type === 'string') out.push({ path, schema, textClass: classOf(inner) });
      else walk(inner, path, out);
      return;
    }
    case 'string':
      out.push({ path, schema, textClass: classOf(schema) });
      return;
    case 'enum':
      out.push({ path, schema, textClass: 'identifier', fixed: Object.values(def.entries as Record<string, string>) });
      return;
    case 'literal':
      if ((def.values as unknown[]).every((v) => typeof v === 'string')) out.push({ path, schema, textClass: 'identifier', fixed: def.values as string[] });
      return;
    case 'number':
    case 'int':
    case 'boolean':
    case 'null':
    case 'undefined':
      return;
    default:
      throw new Error(`${path}: the walker does not know zod type "${def.type}"; teach it, so the field is checked`);
  }
}

const leaves: Leaf[] = COMMAND_NAMES.flatMap((name) => {
  const out: Leaf[] = [];
  walk(commands[name].input as z.ZodType, name, out);
  return out;
});

// Values that pass some field or other; each field is tested from the first one it accepts.
const BENIGN = ['abc', 'Checkout is slow', 'correct horse battery staple', '2026-11-24T10:15:00Z', 'https://example.com/status', '/tmp/evidence.txt', 'QUJD', 'a'.repeat(64), 'Europe/Berlin'];
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const REFUSED = [...BIDI, '\uFEFF', '\u2060'];
const INVISIBLE = ['\u200B', '\u00AD', '\u2061', '\u206A', '\u{E0041}', '\u001B'];
const VERBATIM: ReadonlySet<TextClass | undefined> = new Set(['secret', 'path']);

function benign(leaf: Leaf): string {
  const sample = (leaf.fixed ?? BENIGN).find((v) => leaf.schema.safeParse(v).success);
  if (sample === undefined) throw new Error(`${leaf.path}: no benign sample passes; add one to BENIGN`);
  return sample;
}

function variants(sample: string, c: string): string[] {
  const mid = Math.floor(sample.length / 2);
  return [`${c}${sample}`, `${sample.slice(0, mid)}${c}${sample.slice(mid)}`, `${sample}${c}`];
}

function leaked(leaf: Leaf, value: string, c: string): string | null {
  const r = leaf.schema.safeParse(value);
  if (!r.success) return null;
  return typeof r.data === 'string' && r.data.includes(c) ? `${leaf.path} let U+${c.codePointAt(0)!.toString(16).toUpperCase()} through in ${JSON.stringify(value)}` : null;
}

describe('text fields of the contract', () => {
  it('finds the string fields of every command', () => {
    expect(leaves.length).toBeGreaterThan(80);
    for (const path of ['incidents:declare.title', 'timeline:append.text', 'profile:set.displayName', 'roster:upsert.contacts[].value', 'integrations:configure.settings{key}', 'vault:create.passphrase', 'artifacts:import.path']) {
      expect(leaves.map((l) => l.path)).toContain(path);
    }
  });

  it('gives every string field a text class (built from the shared helpers, not a bare z.string())', () => {
    expect(leaves.filter((l) => !l.textClass).map((l) => l.path)).toEqual([]);
  });

  it('lets no bidirectional control, BOM or word joiner through any string field', () => {
    const through: string[] = [];
    for (const leaf of leaves) {
      const sample = benign(leaf);
      for (const c of REFUSED) for (const v of variants(sample, c)) through.push(...[leaked(leaf, v, c)].filter((x): x is string => x !== null));
    }
    expect(through).toEqual([]);
  });

  it('refuses them in identifiers, names, secrets and paths, naming the character; strips them from free text', () => {
    for (const leaf of leaves) {
      const sample = benign(leaf);
      const [, middle] = variants(sample, '\u202E');
      const r = leaf.schema.safeParse(middle);
      if (leaf.textClass === 'text') {
        expect(r.success, leaf.path).toBe(true);
        expect(r.data, leaf.path).toBe(leaf.schema.parse(sample));
      } else {
        expect(r.success, leaf.path).toBe(false);
        if (!leaf.fixed && defOf(leaf.schema).format === undefined) expect(r.error!.issues.map((i) => i.message).join('; '), leaf.path).toMatch(/U\+202E \(right-to-left override\)/);
      }
    }
  });

  it('lets no invisible character through a field that is not kept verbatim', () => {
    const through: string[] = [];
    for (const leaf of leaves.filter((l) => !VERBATIM.has(l.textClass))) {
      const sample = benign(leaf);
      for (const c of INVISIBLE) for (const v of variants(sample, c)) through.push(...[leaked(leaf, v, c)].filter((x): x is string => x !== null));
      // A joiner next to ASCII hides a break inside a word or token.
      for (const c of ['\u200C', '\u200D']) through.push(...[leaked(leaf, `${sample.slice(0, 1)}${c}${sample.slice(1)}`, c)].filter((x): x is string => x !== null));
    }
    expect(through).toEqual([]);
  });

  it('stores free text and names in NFC', () => {
    for (const leaf of leaves.filter((l) => l.textClass === 'text' || l.textClass === 'name')) {
      const r = leaf.schema.safeParse(`${benign(leaf)} Cafe\u0301`);
      expect(r.success, leaf.path).toBe(true);
      expect(r.data, leaf.path).toBe((r.data as string).normalize('NFC'));
      expect(r.data as string, leaf.path).toContain('Caf\u00E9');
    }
  });
});

describe('text helpers', () => {
  it('keeps joiners and marks where a script needs them', () => {
    const persian = 'می\u200Cخواهم';
    const emoji = 'on call 👩\u200D💻 ❤️\u200D🔥';
    const hebrew = 'גרסה 2.0\u200F.';
    expect(cleanText(persian)).toBe(persian);
    expect(cleanText(emoji)).toBe(emoji);
    expect(cleanText(hebrew)).toBe(hebrew);
    expect(cleanNameText(persian)).toBe(persian);
    expect(cleanNameText(hebrew)).toBe('גרסה 2.0.');
    expect(cleanText('England 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}')).toBe('England 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}');
  });

  it('strips what hides text, wherever it sits', () => {
    expect(cleanText('key AKIA\u200BIOSF\u200DODNN7\u2060EXAMPLE')).toBe('key AKIAIOSFODNN7EXAMPLE');
    expect(cleanText('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanText('\u200Dedge\u200C')).toBe('edge');
    expect(cleanText('smuggled\u{E0069}\u{E0067}\u{E006E}')).toBe('smuggled');
    expect(cleanText('bell\u0007 esc\u001B[31m tab\tnew\nline')).toBe('bell esc[31m tab\tnew\nline');
  });

  it('refuses a disguised name and says which character, strips debris from it', () => {
    const title = label(200);
    const disguised = title.safeParse('Report \u202Egnp.exe');
    expect(disguised.success).toBe(false);
    expect(disguised.error!.issues[0]!.message).toBe('contains U+202E (right-to-left override) at character 8, which can disguise how a name reads; remove it');
    expect(title.parse('  Checkout\u200B is  slow\u00AD ')).toBe('Checkout is slow');
    expect(title.safeParse('\u200B\u200B').success).toBe(false); // blank once cleaned
    expect(text(5).safeParse('abc\u200B').success).toBe(true);
  });
});
