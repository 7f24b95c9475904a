// Hostile values for one field of an otherwise valid input, each with what the boundary must do
// with it. The fields are found by walking the command's zod schema alongside the valid input
// (nested objects, list elements and settings values included), so a field added to the contract
// is fuzzed without anyone listing it.
//
// What is expected is decided here from the field's declared shape and its text class
// (shared/validation.ts), never by asking the schema whether it accepts the value:
//   refuse  — invalid_input whose issues all name this field (or a part of it), and nothing written
//             but the one failure audit row of a mutation;
//   accept  — the command succeeds, and what it stored is the cleaned value (the hostile character
//             is nowhere in the database; the clean text is, wherever the plain input's text is);
//   kept    — secrets and paths are kept byte for byte: the value passes the boundary unchanged, and
//             whatever the command then says (a wrong passphrase, no such file), it is not a
//             refusal of the value's form;
//   dropped — a "__proto__" key of a settings map is left out of the parsed input (JavaScript cannot
//             hold it as a plain key), and no trace of its value is stored.
import type { z } from 'zod';
import { textClasses, type TextClass } from '../../../shared/validation';

export type Expect = 'refuse' | 'accept' | 'kept' | 'dropped';

export interface FieldCase {
  /** The field's path as issues name it ("brief.situation", "contacts.0.value"; "" for the whole input). */
  path: string;
  label: string;
  input: Record<string, unknown> | unknown;
  expect: Expect;
  /** accept: a string that must not appear anywhere in the database afterwards. */
  marker?: string;
  /** accept: the cleaned value, to be found in the database when the plain input's value is. */
  clean?: string;
  /** kept: the hostile value itself, to compare with what the schema handed on. */
  value?: unknown;
  /** Inside a union (a settings value's list), issues name the union's field: zod cannot say which option failed where. */
  namedAt?: string;
}

type Def = { type: string; checks?: Array<{ _zod: { def: Record<string, unknown> } }> } & Record<string, unknown>;
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const checksOf = (s: unknown) => (defOf(s).checks ?? []).map((c) => c._zod.def);

interface StringShape {
  kind: 'string';
  textClass: TextClass;
  min: number;
  max: number | null;
  /** An enum, a literal, a URL or a date-time: a fixed form (every inserted character breaks it). */
  fixedForm: boolean;
}
interface NumberShape {
  kind: 'number';
  int: boolean;
  min: number | null;
  max: number | null;
}
type Shape =
  | StringShape
  | NumberShape
  | { kind: 'boolean' }
  | { kind: 'array'; max: number | null; element: z.ZodType }
  | { kind: 'object'; shape: Record<string, z.ZodType> }
  | { kind: 'record'; value: z.ZodType }
  | { kind: 'union'; options: z.ZodType[] };

interface Unwrapped {
  schema: z.ZodType;
  nullable: boolean;
}

function unwrap(schema: z.ZodType): Unwrapped {
  let s = schema;
  let nullable = false;
  for (;;) {
    const d = defOf(s);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'readonly') s = d.innerType as z.ZodType;
    else if (d.type === 'nullable') {
      nullable = true;
      s = d.innerType as z.ZodType;
    } else return { schema: s, nullable };
  }
}

function lengthBounds(s: unknown): { min: number; max: number | null } {
  let min = 0;
  let max: number | null = null;
  for (const c of checksOf(s)) {
    if (c.check === 'min_length') min = Math.max(min, c.minimum as number);
    if (c.check === 'max_length') max = max === null ? (c.maximum as number) : Math.min(max, c.maximum as number);
  }
  return { min, max };
}

function shapeOf(schema: z.ZodType, path: string): Shape {
  const d = defOf(schema);
  switch (d.type) {
    case 'string': {
      const cls = textClasses.get(schema)?.textClass;
      if (!cls) throw new Error(`${path}: a string without a text class`);
      const format = (d as { format?: string }).format;
      return { kind: 'string', textClass: cls, ...lengthBounds(schema), fixedForm: format === 'url' || format === 'datetime' };
    }
    case 'pipe': {
      // Free text and names: the transform's input carries the class and the bounds.
      const inner = d.in as z.ZodType;
      const s = shapeOf(inner, path);
      if (s.kind !== 'string') throw new Error(`${path}: a transform of a ${s.kind}`);
      return s;
    }
    case 'enum':
    case 'literal':
      return { kind: 'string', textClass: 'identifier', min: 1, max: null, fixedForm: true };
    case 'number': {
      let min: number | null = null;
      let max: number | null = null;
      for (const c of [...checksOf(schema), d as Record<string, unknown>]) {
        if (c.check === 'greater_than') min = (c.value as number) + (c.inclusive ? 0 : 1);
        if (c.check === 'less_than') max = (c.value as number) - (c.inclusive ? 0 : 1);
      }
      const int = (d as { format?: string }).format === 'safeint' || checksOf(schema).some((c) => c.format === 'safeint');
      return { kind: 'number', int, min, max };
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'array':
      return { kind: 'array', max: lengthBounds(schema).max, element: d.element as z.ZodType };
    case 'object':
      return { kind: 'object', shape: d.shape as Record<string, z.ZodType> };
    case 'record':
      return { kind: 'record', value: d.valueType as z.ZodType };
    case 'union':
      return { kind: 'union', options: d.options as z.ZodType[] };
    default:
      throw new Error(`${path}: the fuzz walker does not know zod type "${d.type}"; teach it, so the field is fuzzed`);
  }
}

/** Every field path the schema declares (lists as ".0", settings values as ".*"), for the coverage check. */
export function schemaPaths(schema: z.ZodType, path = ''): string[] {
  const { schema: s } = unwrap(schema);
  const shape = shapeOf(s, path || '(input)');
  const join = (k: string) => (path ? `${path}.${k}` : k);
  switch (shape.kind) {
    case 'object':
      return Object.entries(shape.shape).flatMap(([k, v]) => [join(k), ...schemaPaths(v, join(k))]);
    case 'array':
      return [join('0'), ...schemaPaths(shape.element, join('0'))];
    case 'record':
      return [join('*'), ...schemaPaths(shape.value, join('*'))];
    case 'union':
      return shape.options.flatMap((o) => schemaPaths(o, path));
    default:
      return [];
  }
}

/** The same paths, for a concrete input (list indexes and settings keys as they appear in it). */
export function generalise(path: string, schema: z.ZodType): string {
  const known = new Set(schemaPaths(schema));
  const parts = path.split('.');
  const out: string[] = [];
  for (const p of parts) {
    const asKey = [...out, p].join('.');
    if (known.has(asKey)) out.push(p);
    else if (/^\d+$/.test(p) && known.has([...out, '0'].join('.'))) out.push('0');
    else out.push('*');
  }
  return out.join('.');
}

// --- hostile values ------------------------------------------------------------------------------

const TEN_MB = 10 * 1024 * 1024;
let tenMb: string | null = null;
const tenMbString = () => (tenMb ??= 'x'.repeat(TEN_MB));
const deepObject = () => JSON.parse('{"a":'.repeat(2000) + '1' + '}'.repeat(2000)) as unknown;
const deepArray = () => JSON.parse('['.repeat(5000) + ']'.repeat(5000)) as unknown;
const protoKey = () => JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
/** An object with an own "__proto__" key next to the given fields (JSON.parse makes such keys). */
const withProto = (o: Record<string, unknown>) => JSON.parse(`{${JSON.stringify(o).slice(1, -1)}${Object.keys(o).length ? ',' : ''}"__proto__": {"polluted": true}}`) as Record<string, unknown>;

const insert = (v: string, c: string) => `${v.slice(0, Math.floor(v.length / 2))}${c}${v.slice(Math.floor(v.length / 2))}`;

/** Characters that are not seen, by what each text class does with them (see shared/validation.ts). */
const HIDDEN: Array<{ c: string; name: string; text: Expect; name_: Expect; secret: Expect }> = [
  { c: '\u202E', name: 'right-to-left override', text: 'accept', name_: 'refuse', secret: 'refuse' },
  { c: '\u200B', name: 'zero-width space', text: 'accept', name_: 'accept', secret: 'kept' },
  { c: '\u001B', name: 'escape (C0 control)', text: 'accept', name_: 'accept', secret: 'kept' },
];

/** Longest string the cases build (a bound above it is tested by the 10 MB string alone). */
const LONGEST = 32 * 1024 * 1024;

function stringCases(shape: StringShape, v: unknown, nullable: boolean, inMap: boolean, takesTenMb: boolean): Array<Omit<FieldCase, 'path' | 'input'> & { value: unknown }> {
  const out: Array<Omit<FieldCase, 'path' | 'input'> & { value: unknown }> = [];
  const add = (label: string, value: unknown, expect: Expect, extra: Partial<FieldCase> = {}) => out.push({ label, value, expect, ...extra });
  add('null', null, nullable ? 'accept' : 'refuse');
  add('a number', 42, 'refuse');
  add('a boolean', true, 'refuse');
  add('an object', { $gt: '' }, 'refuse');
  add('a list', ['x'], 'refuse');
  add('an object with a __proto__ key', protoKey(), 'refuse');
  add('a 2,000-deep object', deepObject(), 'refuse');
  add('a 5,000-deep list', deepArray(), 'refuse');
  // Not read from the schema: only the fields the caller names take 10 MB, so a limit dropped from
  // the contract shows here instead of quietly turning the expectation around.
  add('a 10 MB string', tenMbString(), takesTenMb ? 'accept' : 'refuse');
  if (shape.min >= 1 || shape.fixedForm) add('an empty string', '', 'refuse');
  if (typeof v !== 'string') return out;
  const cls = shape.fixedForm ? 'identifier' : shape.textClass;
  const free = cls === 'text' || cls === 'name';
  if (shape.max !== null && shape.max < LONGEST && !shape.fixedForm) {
    add(`${shape.max + 1} characters (one over the limit)`, v + (free ? '\n' : 'a').repeat(shape.max + 1 - v.length), 'refuse');
    // At the limit exactly: free text and names take it (line breaks at the end, which a name folds
    // away). A settings value's real limit is its adapter's, which the contract's generic one exceeds.
    if (free && !inMap) add(`${shape.max} characters (the limit)`, v + '\n'.repeat(shape.max - v.length), 'accept', { clean: v });
  }
  add('a lone surrogate', insert(v, '\uD800'), 'refuse');
  add('a NUL character', insert(v, '\u0000'), 'refuse');
  for (const h of HIDDEN) {
    const e: Expect = cls === 'text' ? h.text : cls === 'name' ? h.name_ : cls === 'secret' || cls === 'path' ? h.secret : 'refuse';
    const value = insert(v, h.c);
    add(`a ${h.name} inside`, value, e, e === 'accept' ? { marker: h.c, clean: v } : e === 'kept' && cls === 'secret' ? { marker: value } : {});
  }
  return out;
}

function numberCases(shape: NumberShape, nullable: boolean): Array<{ label: string; value: unknown; expect: Expect }> {
  const inRange = (n: number) => (shape.min === null || n >= shape.min) && (shape.max === null || n <= shape.max) && (!shape.int || Number.isSafeInteger(n));
  const cases: Array<[string, unknown, Expect]> = [
    ['null', null, nullable ? 'accept' : 'refuse'],
    ['NaN', NaN, 'refuse'],
    ['Infinity', Infinity, 'refuse'],
    ['-Infinity', -Infinity, 'refuse'],
    ['2^53 (past the safe integers)', 2 ** 53, shape.int ? 'refuse' : inRange(2 ** 53) ? 'accept' : 'refuse'],
    ['1e308', 1e308, inRange(1e308) ? 'accept' : 'refuse'],
    ['1e15', 1e15, inRange(1e15) ? 'accept' : 'refuse'],
    ['-1', -1, inRange(-1) ? 'accept' : 'refuse'],
    ['1.5', 1.5, inRange(1.5) ? 'accept' : 'refuse'],
    ['the string "15"', '15', 'refuse'],
    ['the string "NaN"', 'NaN', 'refuse'],
    ['the string "1e999"', '1e999', 'refuse'],
    ['the string "Infinity"', 'Infinity', 'refuse'],
    ['the string "0x1F"', '0x1F', 'refuse'],
    ['a boolean', true, 'refuse'],
    ['a list', [1], 'refuse'],
    ['an object with a __proto__ key', protoKey(), 'refuse'],
  ];
  if (shape.max !== null) cases.push([`${shape.max + 1} (one over the maximum)`, shape.max + 1, 'refuse'], [`${shape.max} (the maximum)`, shape.max, 'accept']);
  if (shape.min !== null) cases.push([`${shape.min - 1} (one under the minimum)`, shape.min - 1, 'refuse'], [`${shape.min} (the minimum)`, shape.min, 'accept']);
  return cases.map(([label, value, expect]) => ({ label, value, expect }));
}

/** Replace the value at `path` (dot-separated; "" for the whole input) in a deep copy of `input`. */
export function replaceAt(input: unknown, path: string, value: unknown): unknown {
  if (path === '') return value;
  const parts = path.split('.');
  const copy = structuredClone(input) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>;
  at[parts.at(-1)!] = value;
  return copy;
}

/**
 * The hostile cases of every field of one valid input, walking the schema alongside it.
 * `takesTenMb(path)`: the fields documented to hold 10 MB (the rest must refuse it).
 */
export function fieldCases(schema: z.ZodType, valid: Record<string, unknown>, takesTenMb: (path: string) => boolean = () => false): FieldCase[] {
  const out: FieldCase[] = [];
  const visit = (s: z.ZodType, v: unknown, path: string, inMap = false, union: string | null = null) => {
    const { schema: inner, nullable } = unwrap(s);
    const shape = shapeOf(inner, path || '(input)');
    const put = (label: string, value: unknown, expect: Expect, extra: Partial<FieldCase> = {}) =>
      out.push({ path, label, input: replaceAt(valid, path, value), expect, ...extra, ...(expect === 'kept' ? { value } : {}), ...(union !== null && union !== path ? { namedAt: union } : {}) });
    const join = (k: string) => (path ? `${path}.${k}` : k);
    switch (shape.kind) {
      case 'string':
        for (const c of stringCases(shape, v, nullable, inMap, takesTenMb(path))) put(c.label, c.value, c.expect, { ...(c.marker ? { marker: c.marker } : {}), ...(c.clean !== undefined ? { clean: c.clean } : {}) });
        return;
      case 'number':
        for (const c of numberCases(shape, nullable)) put(c.label, c.value, c.expect);
        return;
      case 'boolean':
        for (const [label, value] of [['the string "true"', 'true'], ['1', 1], ['0', 0], ['null', null], ['an object with a __proto__ key', protoKey()]] as const) put(label, value, 'refuse');
        return;
      case 'array': {
        const list = v as unknown[];
        put('an object for a list', { 0: list[0] }, 'refuse');
        put('a string for a list', 'x', 'refuse');
        put('null', null, nullable ? 'accept' : 'refuse');
        if (shape.max !== null) {
          put(`${shape.max + 1} elements (one over the limit)`, Array.from({ length: shape.max + 1 }, () => list[0]), 'refuse');
          put('100,000 elements', Array.from({ length: 100_000 }, () => list[0]), 'refuse');
        }
        put('a 5,000-deep list inside', [deepArray()], 'refuse');
        list.forEach((e, i) => visit(shape.element, e, join(String(i)), inMap, union));
        return;
      }
      case 'object': {
        const o = v as Record<string, unknown>;
        if (path) {
          put('a list for an object', ['x'], 'refuse');
          put('a string for an object', 'x', 'refuse');
          put('null', null, nullable ? 'accept' : 'refuse');
        }
        put('an unknown field', { ...o, zzz_unknown: 1 }, 'refuse');
        put('a __proto__ key', withProto(o), 'refuse');
        put('a constructor key', { ...o, constructor: { prototype: { polluted: true } } }, 'refuse');
        put('a 2,000-deep object in an unknown field', { ...o, zzz_deep: deepObject() }, 'refuse');
        for (const [k, child] of Object.entries(shape.shape)) if (o[k] !== undefined) visit(child, o[k], join(k), inMap, union);
        return;
      }
      case 'record': {
        const o = v as Record<string, unknown>;
        put('a list for a map', ['x'], 'refuse');
        put('a string for a map', 'x', 'refuse');
        put('a key with a zero-width space', { ...o, 'pa\u200Bth': 'x' }, 'refuse');
        put('a key with a NUL', { ...o, 'a\u0000b': 'x' }, 'refuse');
        put('31 keys (one over the limit)', Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'x'])), 'refuse');
        put('a 2,000-deep object as a value', { ...o, a: deepObject() }, 'refuse');
        put('a __proto__ key', withProto(o), 'dropped', { marker: 'polluted' });
        for (const [k, child] of Object.entries(o)) visit(shape.value, child, join(k), true);
        return;
      }
      case 'union': {
        // The option the valid value belongs to decides the field's class. A value of another
        // option's type may pass the union; the command's own check of the field then refuses it
        // (a setting's adapter knows its type), which names the same field.
        const option = shape.options.find((o) => o.safeParse(v).success);
        if (!option) throw new Error(`${path}: the valid value matches no option of the union`);
        visit(option, v, path, inMap, union ?? path);
        return;
      }
    }
  };
  visit(schema, valid, '');
  // The whole input replaced by something that is not an object at all.
  for (const [label, value] of [['null', null], ['a number', 42], ['a string', 'incidents'], ['a list', [1, 2]], ['a 5,000-deep list', deepArray()]] as const) {
    out.push({ path: '', label: `the whole input: ${label}`, input: value, expect: 'refuse' });
  }
  return out;
}

export function readAt(input: unknown, path: string): unknown {
  if (path === '') return input;
  let at = input as Record<string, unknown> | undefined;
  for (const p of path.split('.')) at = at?.[p] as Record<string, unknown> | undefined;
  return at;
}

/** The field paths some cases replace, as the schema names them (for the coverage check). */
export function coveredPaths(schema: z.ZodType, cases: readonly FieldCase[]): Set<string> {
  return new Set(cases.filter((c) => c.path).map((c) => generalise(c.path, schema)));
}
