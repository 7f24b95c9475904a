// Reusable zod building blocks for command inputs. Every string is bounded, every object strict, and
// every string belongs to one text class that says how invisible characters are treated (below).
import { z } from 'zod';
import { ENTRY_KINDS, USER_ENTRY_KINDS } from './domain/timeline';
import { SEVERITIES, INCIDENT_STATUSES, INCIDENT_MODES, MILESTONES } from './domain/incidents';
import { isTimeZone } from './time';

// Unpaired UTF-16 surrogates cannot be stored as UTF-8 faithfully; NUL breaks C consumers downstream.
// eslint-disable-next-line no-control-regex -- matching NUL is the point of this pattern
const ILL_FORMED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;

// ---------------------------------------------------------------------------------------------
// Invisible characters
//
// Text typed here is shown in lists, on the timeline, in exports and on vendors' pages (PagerDuty,
// Slack, Statuspage…). Characters that are not seen but change what is seen are how a title reads
// "png.exe" while it is "exe.gnp", or how a token slips past a scanner. What each class does:
//
//   class       | bidi controls, U+FEFF, U+2060 | other invisibles     | NFC | used for
//   identifier  | refused                       | refused              | no  | ids, handles, keys, URLs
//   name        | refused                       | stripped             | yes | titles, display names, labels
//   text        | stripped                      | stripped             | yes | notes, summaries, reasons, imports
//   secret      | refused                       | kept                 | no  | passphrases, tokens
//   path        | refused                       | kept                 | no  | paths of files on this machine
//
// - Identifiers name something that exists; changing one silently would name something else, and a
//   real identifier never holds such characters, so they are refused.
// - Names are short and typed by a person: a bidi control in one is a disguise, so it is refused and
//   the person sees why. Zero-width spaces and soft hyphens are common debris of copying from chat or
//   documents and mean nothing in a name, so they are stripped instead of blocking the command.
// - Free text is long and pasted under stress: refusing a 20,000-character note for one hidden
//   character would lose the commander's work, so everything that can disguise it is stripped.
// - Secrets and paths must stay byte for byte what they are (a changed passphrase no longer opens the
//   vault; a changed path names another file, and macOS paths are not NFC), and they are never shown
//   as text, so they are only refused the characters that reorder what a person sees.
//
// Kept on purpose where a script needs them (names and free text):
// - ZWNJ/ZWJ (U+200C/D) between two non-ASCII characters: Persian and Indic words and emoji sequences
//   (👩‍💻) need them. Next to ASCII, at an edge or doubled they only hide a break inside a word or a
//   token ("AKIA\u200DIOSF…"), so they are stripped there.
// - LRM/RLM/ALM (U+200E/F, U+061C) in free text: right-to-left prose uses them to place punctuation;
//   they cannot reorder a run the way overrides do. Names drop them (a name needs no such hint).
// - Tag characters (U+E0000–E007F) only inside an emoji flag sequence (🏴 + tags + cancel tag).

/** Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder what is displayed. */
const BIDI_CONTROL = '\\u202A-\\u202E\\u2066-\\u2069';
/** Refused in every class but free text: bidi controls, the BOM/ZWNBSP and the word joiner. */
const REFUSED = new RegExp(`[${BIDI_CONTROL}\\uFEFF\\u2060]`, 'u');
const BIDI_MARK = '\\u200E\\u200F\\u061C';
const JOINER = '\\u200C\\u200D';
// Format characters that render as nothing: soft hyphen, Mongolian vowel separator, zero-width
// space, word joiner and invisible operators, deprecated format controls, BOM, interlinear
// annotation controls, musical formatting controls.
const INVISIBLE = '\\u00AD\\u180E\\u200B\\u2060-\\u2064\\u206A-\\u206F\\uFEFF\\uFFF9-\\uFFFB\\u{1D173}-\\u{1D17A}';
const TAG = '\\u{E0000}-\\u{E007F}';
// C0 controls other than tab, line feed and carriage return; DEL; C1 controls (terminal escapes).
const CONTROL = '\\u0001-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';

const STRIP_ALWAYS = new RegExp(`[${BIDI_CONTROL}${INVISIBLE}${CONTROL}]`, 'gu');
const MARKS = new RegExp(`[${BIDI_MARK}]`, 'gu');
const TAGS = new RegExp(`(\\u{1F3F4}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,8}\\u{E007F})|[${TAG}]`, 'gu');
const JOINERS = new RegExp(`[${JOINER}]`, 'g');
// eslint-disable-next-line no-misleading-character-class -- ZWJ is matched as a single character here, not joining its neighbours
const NOT_CONTEXT = new RegExp(`[\\u0000-\\u007F\\s${JOINER}${BIDI_MARK}]`, 'u');
/** Any character an identifier never holds: everything above, joiners and marks included, and all controls. */
// eslint-disable-next-line no-misleading-character-class -- ZWJ is matched as a single character here, not joining its neighbours
const HIDDEN_IN_IDENTIFIER = new RegExp(`[${BIDI_CONTROL}${INVISIBLE}${JOINER}${BIDI_MARK}${TAG}\\u0000-\\u001F\\u007F-\\u009F]`, 'u');

/** Strip joiners that do not sit between two non-ASCII, visible characters. */
function stripStrayJoiners(v: string): string {
  return v.replace(JOINERS, (j, at: number, all: string) => {
    const before = all[at - 1];
    const after = all[at + 1];
    return before !== undefined && after !== undefined && !NOT_CONTEXT.test(before) && !NOT_CONTEXT.test(after) ? j : '';
  });
}

function stripHidden(v: string, opts: { keepMarks: boolean }): string {
  let out = v.replace(STRIP_ALWAYS, '').replace(TAGS, (_m, flag: string | undefined) => flag ?? '');
  if (!opts.keepMarks) out = out.replace(MARKS, '');
  return stripStrayJoiners(out);
}

/** Free text as stored: NFC, with every character that can disguise it removed (see the table above). */
export function cleanText(v: string): string {
  return stripHidden(v, { keepMarks: true }).normalize('NFC');
}

/** A name as stored (after the refused characters were refused): NFC, invisibles removed. */
export function cleanNameText(v: string): string {
  return stripHidden(v, { keepMarks: false }).normalize('NFC');
}

// eslint-disable-next-line no-misleading-character-class -- ZWJ is matched as a single character here, not joining its neighbours
const SCANNER_STRIP = new RegExp(`[${BIDI_CONTROL}${INVISIBLE}${JOINER}${BIDI_MARK}${TAG}${CONTROL}]`, 'gu');

/** For scanners: every invisible, format and control character removed, joiners and marks included. */
export function stripAllInvisible(v: string): string {
  return v.replace(SCANNER_STRIP, '');
}

const CHAR_NAMES: Record<number, string> = {
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0xfeff: 'zero-width no-break space',
  0x2060: 'word joiner',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
};

/** "U+202E (right-to-left override) at character 4", for the first match of `re` in `v`, or null. */
function firstHidden(v: string, re: RegExp): string | null {
  const m = re.exec(v);
  if (!m) return null;
  const cp = m[0].codePointAt(0)!;
  const name = CHAR_NAMES[cp];
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}${name ? ` (${name})` : ''} at character ${[...v.slice(0, m.index)].length + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Text classes

export type TextClass = 'identifier' | 'name' | 'text' | 'secret' | 'path';
/** Which class each string schema belongs to; tests walk the contract and check every string has one. */
export const textClasses = z.registry<{ textClass: TextClass }>();

function bounded(max: number, min: number) {
  let s = z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') });
  if (min > 0) s = s.min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` });
  return s
    .max(max, { error: `must be at most ${max} characters` })
    .refine((v) => !ILL_FORMED.test(v), { error: 'contains an invalid character (NUL or an unpaired surrogate)' });
}

function refusing(s: z.ZodString, re: RegExp, why: string) {
  return s.superRefine((v, ctx) => {
    const found = firstHidden(v, re);
    if (found) ctx.addIssue({ code: 'custom', message: `contains ${found}, ${why}; remove it` });
  });
}

/** Free text (notes, summaries, reasons, imported files): NFC, invisible and bidi characters stripped. */
export function text(max: number, opts: { min?: number } = {}) {
  const base = bounded(max, opts.min ?? 0).register(textClasses, { textClass: 'text' });
  return base.transform(cleanText).refine((v) => v.length <= max, { error: `must be at most ${max} characters` });
}

/** A trimmed, single-line, non-empty name such as a title or a display name (class "name"). */
export function label(max: number, opts: { allowEmpty?: boolean } = {}) {
  const base = refusing(bounded(max, opts.allowEmpty ? 0 : 1), REFUSED, 'which can disguise how a name reads').register(textClasses, { textClass: 'name' });
  const cleaned = base.transform((v) => cleanNameText(v).trim().replace(/\s+/g, ' '));
  return opts.allowEmpty ? cleaned : cleaned.refine((v) => v.length > 0, { error: 'must not be blank' });
}

/** A trimmed, single-line, non-empty piece of free text such as a reason (class "text"). */
export function oneLine(max: number) {
  return bounded(max, 1)
    .register(textClasses, { textClass: 'text' })
    .transform((v) => cleanText(v).trim().replace(/\s+/g, ' '))
    .refine((v) => v.length > 0, { error: 'must not be blank' });
}

/** An id, key or reference: never holds an invisible, bidi or control character (refused, unchanged). */
export function identifier(max: number, opts: { min?: number } = {}) {
  return refusing(bounded(max, opts.min ?? 0), HIDDEN_IN_IDENTIFIER, 'which an identifier never holds').register(textClasses, { textClass: 'identifier' });
}

/** A passphrase, key or token: kept byte for byte, only bidi controls are refused. */
export function secretText(max: number, opts: { min?: number } = {}) {
  return refusing(bounded(max, opts.min ?? 0), REFUSED, 'which a secret must not hold').register(textClasses, { textClass: 'secret' });
}

/** A path on this machine: kept byte for byte (it names an existing file), bidi controls refused. */
export function filePath(max: number, opts: { min?: number } = {}) {
  return refusing(bounded(max, opts.min ?? 0), REFUSED, 'which would disguise the path where it is shown; rename the file or import it another way').register(textClasses, {
    textClass: 'path',
  });
}

/** An http(s) URL, refused if it holds an invisible or bidi character (a URL is an identifier). */
export function httpUrl(max: number) {
  const s = z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(max, { error: `must be at most ${max} characters` })
    .superRefine((v, ctx) => {
      const found = firstHidden(v, HIDDEN_IN_IDENTIFIER);
      if (found) ctx.addIssue({ code: 'custom', message: `contains ${found}, which a URL never holds; remove it` });
    });
  return s.register(textClasses, { textClass: 'identifier' });
}

export const idRef = identifier(64, { min: 1 }).describe('an incident id: ULID or INC-YYYY-NNNN');
export const eventRef = identifier(40, { min: 1 }).describe('an event id (ULID)');

export const severity = z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` });
export const incidentStatus = z.enum(INCIDENT_STATUSES, { error: `must be one of ${INCIDENT_STATUSES.join(', ')}` });
export const incidentMode = z.enum(INCIDENT_MODES, { error: `must be one of ${INCIDENT_MODES.join(', ')}` });
export const entryKind = z.enum(ENTRY_KINDS, { error: `must be one of ${ENTRY_KINDS.join(', ')}` });
export const userEntryKind = z.enum(USER_ENTRY_KINDS, { error: `must be one of ${USER_ENTRY_KINDS.join(', ')}` });
export const milestone = z.enum(MILESTONES, { error: `must be one of ${MILESTONES.join(', ')}` });
// Digits and separators only: the format itself refuses every invisible character.
export const isoTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-24T10:15:00Z' })
  .register(textClasses, { textClass: 'identifier' });
/** An IANA time zone Intl knows ("UTC", "Europe/Berlin"), for readings a person will read. */
export const timeZone = identifier(64, { min: 1 }).refine(isTimeZone, { error: 'must be an IANA time zone such as UTC or Europe/Berlin' });
export const handle = identifier(32, { min: 2 }).regex(/^[a-z0-9][a-z0-9._-]*$/, {
  error: 'must be lower-case letters, digits, dot, dash or underscore, starting with a letter or digit',
});

export const strict = z.strictObject;
export const empty = z.strictObject({});

/** Lengths shared by several commands' inputs. */
export const LIMITS = {
  title: 200,
  summary: 10_000,
  entryText: 20_000,
  reason: 2_000,
  pageSize: 500,
  briefField: 8_000,
  rosterImport: 500_000,
  catalogImport: 900_000,
} as const;
