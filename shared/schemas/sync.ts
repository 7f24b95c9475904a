// Inputs of integrations and the outbox (integrations:, outbox:, oncall:, sync:).
import { z } from 'zod';
import { CATCH_UP_MODES, INTEGRATION_KINDS, OUTBOX_STATES } from '../domain/sync';
import { httpUrl, identifier, idRef, LIMITS, oneLine, secretText, severity, strict, text } from '../validation';

/** An integration's name: short, lower-case, stable (it keys the outbox and the key store). */
const integrationName = identifier(40, { min: 1 }).regex(/^[a-z0-9][a-z0-9._-]*$/, {
  error: 'must be lower-case letters, digits, dot, dash or underscore, starting with a letter or digit',
});

/** integrations:configure */
export const integrationsConfigureInput = strict({
  kind: z.enum(INTEGRATION_KINDS, { error: `must be one of ${INTEGRATION_KINDS.join(', ')}` }),
  name: integrationName,
  baseUrl: httpUrl(500).optional(),
  settings: z
    .record(identifier(64, { min: 1 }), z.union([text(2_000), z.number().finite(), z.boolean(), z.array(text(200)).max(50)]))
    .refine((o) => Object.keys(o).length <= 30, { error: 'must have at most 30 settings' }),
  secret: secretText(4_000, { min: 1 }).optional(),
  routing: strict({
    minSeverity: severity.optional(),
    onDeclare: z.boolean().optional(),
    onSeverityChange: z.boolean().optional(),
    onStatusChange: z.boolean().optional(),
    onTimeline: z.boolean().optional(),
    onResolve: z.boolean().optional(),
    includeExercises: z.boolean().optional(),
    catchUp: z.enum(CATCH_UP_MODES, { error: `must be one of ${CATCH_UP_MODES.join(', ')}` }).optional(),
  }).optional(),
  enabled: z.boolean().optional(),
});

/** integrations:catch-up: every active incident the integration could open, or these. */
export const integrationsCatchUpInput = strict({
  integration: integrationName,
  incidentIds: z.array(idRef).min(1).max(LIMITS.pageSize).optional(),
});

/** integrations:offers */
export const integrationsOffersInput = strict({ integration: integrationName.optional() });

/** sync:coverage */
export const syncCoverageInput = strict({ incidentId: idRef });

/** integrations:test */
export const integrationsTestInput = strict({ name: integrationName });

/** outbox:list */
export const outboxListInput = strict({
  state: z.enum(OUTBOX_STATES, { error: `must be one of ${OUTBOX_STATES.join(', ')}` }).optional(),
  integration: integrationName.optional(),
  incidentId: idRef.optional(),
  limit: z.int().min(1).max(LIMITS.pageSize).optional(),
});

/** outbox:retry */
export const outboxRetryInput = strict({ id: identifier(40, { min: 1 }) });

/** outbox:discard */
export const outboxDiscardInput = strict({ id: identifier(40, { min: 1 }), reason: oneLine(LIMITS.reason) });
