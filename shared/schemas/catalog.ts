// Inputs of the service catalog and per-incident impact (catalog:, impact:).
import { z } from 'zod';
import { COMPONENT_STATUSES } from '../domain/catalog';
import { identifier, idRef, label, LIMITS, strict, text } from '../validation';

const catalogFormat = z.enum(['backstage', 'json', 'yaml'], { error: 'must be backstage, json or yaml' });

/** catalog:import */
export const catalogImportInput = strict({ format: catalogFormat, content: text(LIMITS.catalogImport, { min: 1 }) });

/** catalog:export */
export const catalogExportInput = strict({ format: catalogFormat });

/** catalog:failover */
export const catalogFailoverInput = strict({ incidentId: idRef, service: identifier(300, { min: 1 }), active: label(60) });

/** impact:set */
export const impactSetInput = strict({ incidentId: idRef, service: identifier(300, { min: 1 }), status: z.enum(COMPONENT_STATUSES, { error: `must be one of ${COMPONENT_STATUSES.join(', ')}` }) });

/** impact:blast-radius */
export const impactBlastRadiusInput = strict({ incidentId: idRef });
