// Inputs of the timeline: append, page through, pin, correct (timeline:).
import { z } from 'zod';
import { entryKind, eventRef, idRef, LIMITS, strict, text, timeZone, userEntryKind } from '../validation';


/** timeline:append */
export const timelineAppendInput = strict({ incidentId: idRef, kind: userEntryKind, text: text(LIMITS.entryText, { min: 1 }).refine((v) => v.trim().length > 0, { error: 'must not be blank' }) });

/** timeline:list */
export const timelineListInput = strict({
  incidentId: idRef,
  before: z.int({ error: 'must be an integer cursor from nextBefore' }).min(0).optional(),
  limit: z.int({ error: 'must be an integer' }).min(1).max(LIMITS.pageSize).optional(),
  kinds: z.array(entryKind).max(10).optional(),
  pinnedOnly: z.boolean().optional(),
  search: text(200).optional(),
});

/** timeline:pin */
export const timelinePinInput = strict({ eventId: eventRef, pinned: z.boolean({ error: 'must be true or false' }) });

/** timeline:correct */
export const timelineCorrectInput = strict({ eventId: eventRef, text: text(LIMITS.entryText, { min: 1 }).refine((v) => v.trim().length > 0, { error: 'must not be blank' }) });

/** timeline:history */
export const timelineHistoryInput = strict({ eventId: eventRef });

/** timeline:export */
export const timelineExportInput = strict({ incidentId: idRef, format: z.enum(['markdown', 'json'], { error: 'must be markdown or json' }), timeZone: timeZone.optional() });
