// Inputs of time-boxes and the comms cadence (timers:, cadence:).
import { z } from 'zod';
import { CADENCE_KEYS, TIMER_DECISIONS, TIMER_KINDS } from '../domain/timers';
import { identifier, idRef, label, LIMITS, severity, strict, text } from '../validation';

const timerMinutes = z.int({ error: 'must be a whole number of minutes' }).min(1, { error: 'must be at least 1 minute' }).max(1440, { error: 'must be at most 1440 minutes (24 h)' });

/** timers:start */
export const timersStartInput = strict({
  incidentId: idRef,
  kind: z.enum(TIMER_KINDS, { error: `must be one of ${TIMER_KINDS.join(', ')}` }),
  label: label(300),
  minutes: timerMinutes,
  owner: label(80).optional(),
});

/** timers:list */
export const timersListInput = strict({ incidentId: idRef });

/** timers:resolve */
export const timersResolveInput = strict({
  timerId: identifier(40, { min: 1 }),
  decision: z.enum(TIMER_DECISIONS, { error: `must be one of ${TIMER_DECISIONS.join(', ')}` }),
  note: text(LIMITS.reason),
  minutes: timerMinutes.optional(),
  hypothesis: label(300).optional(),
  /** Who owns the next box of a switch ('' for nobody); omitted, it keeps the current owner. */
  owner: label(80, { allowEmpty: true }).optional(),
});

/** cadence:set-policy */
export const cadenceSetPolicyInput = strict({
  severity,
  key: z.enum(CADENCE_KEYS, { error: `must be one of ${CADENCE_KEYS.join(', ')}` }),
  firstMinutes: timerMinutes,
  everyMinutes: timerMinutes.nullable(),
  enabled: z.boolean({ error: 'must be true or false' }),
  reason: text(LIMITS.reason).optional(),
});

/** cadence:start */
export const cadenceStartInput = strict({ incidentId: idRef });
