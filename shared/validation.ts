// Reusable zod building blocks for command inputs. Every string is bounded, every object strict.
import { z } from 'zod';
import { SEVERITIES, INCIDENT_STATUSES, INCIDENT_MODES, ENTRY_KINDS, USER_ENTRY_KINDS, MILESTONES } from './domain';

// Unpaired UTF-16 surrogates cannot be stored as UTF-8 faithfully; NUL breaks C consumers downstream.
// eslint-disable-next-line no-control-regex -- matching NUL is the point of this pattern
const ILL_FORMED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;

export function text(max: number, opts: { min?: number; label?: string } = {}) {
  const min = opts.min ?? 0;
  let s = z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') });
  if (min > 0) s = s.min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` });
  return s
    .max(max, { error: `must be at most ${max} characters` })
    .refine((v) => !ILL_FORMED.test(v), { error: 'contains an invalid character (NUL or an unpaired surrogate)' });
}

/** A trimmed, single-line, non-empty label such as a title. */
export function label(max: number) {
  return text(max, { min: 1 })
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .refine((v) => v.length > 0, { error: 'must not be blank' });
}

export const idRef = text(64, { min: 1 }).describe('an incident id: ULID or INC-YYYY-NNNN');
export const eventRef = text(40, { min: 1 }).describe('an event id (ULID)');

export const severity = z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` });
export const incidentStatus = z.enum(INCIDENT_STATUSES, { error: `must be one of ${INCIDENT_STATUSES.join(', ')}` });
export const incidentMode = z.enum(INCIDENT_MODES, { error: `must be one of ${INCIDENT_MODES.join(', ')}` });
export const entryKind = z.enum(ENTRY_KINDS, { error: `must be one of ${ENTRY_KINDS.join(', ')}` });
export const userEntryKind = z.enum(USER_ENTRY_KINDS, { error: `must be one of ${USER_ENTRY_KINDS.join(', ')}` });
export const milestone = z.enum(MILESTONES, { error: `must be one of ${MILESTONES.join(', ')}` });
export const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-24T10:15:00Z' });
export const handle = text(32, { min: 2 }).regex(/^[a-z0-9][a-z0-9._-]*$/, {
  error: 'must be lower-case letters, digits, dot, dash or underscore, starting with a letter or digit',
});

export const strict = z.strictObject;
export const empty = z.strictObject({});
