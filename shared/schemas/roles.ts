// Inputs of the role board and the roster (roles:, roster:).
import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { handle, identifier, idRef, label, LIMITS, strict, text, timeZone } from '../validation';

const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

/** roles:list */
export const rolesListInput = strict({ incidentId: idRef });

/** roles:assign */
export const rolesAssignInput = strict({ incidentId: idRef, role: role, person: handle });

/** roles:release */
export const rolesReleaseInput = strict({ incidentId: idRef, role: role, person: handle });

/** roles:handover */
export const rolesHandoverInput = strict({
  incidentId: idRef,
  to: handle,
  brief: strict({
    situation: text(LIMITS.briefField),
    objectives: text(LIMITS.briefField),
    currentActions: text(LIMITS.briefField),
    resources: text(LIMITS.briefField),
    openAsks: text(LIMITS.briefField),
  }),
});

/** roles:brief */
export const rolesBriefInput = strict({ incidentId: idRef, timeZone: timeZone.optional() });

/** roles:checklist */
export const rolesChecklistInput = strict({ incidentId: idRef, role: role, item: identifier(60, { min: 1 }), done: z.boolean({ error: 'must be true or false' }) });

/** roster:upsert */
export const rosterUpsertInput = strict({
  handle,
  name: label(120),
  team: label(120, { allowEmpty: true }).optional(),
  contacts: z.array(strict({ channel: label(40), value: label(300) })).max(10, { error: 'must have at most 10 contacts' }).optional(),
});

/** roster:remove */
export const rosterRemoveInput = strict({ handle });

/** roster:import */
export const rosterImportInput = strict({ format: z.enum(['csv', 'json'], { error: 'must be csv or json' }), content: text(LIMITS.rosterImport, { min: 1 }) });
