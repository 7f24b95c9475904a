// Inputs of the audit trail (audit:).
import { z } from 'zod';
import { LIMITS, strict } from '../validation';


/** audit:list */
export const auditListInput = strict({ before: z.int().min(1).optional(), limit: z.int().min(1).max(LIMITS.pageSize).optional() });
