// Inputs of incidents: declare, edit, severity, status, milestones (incidents:, demo:).
import { idRef, incidentMode, incidentStatus, isoTime, label, LIMITS, milestone, severity, strict, text } from '../validation';


/** incidents:declare */
export const incidentsDeclareInput = strict({
  title: label(LIMITS.title),
  severity,
  summary: text(LIMITS.summary).optional(),
  mode: incidentMode.optional(),
  detectedAt: isoTime.optional(),
});

/** incidents:list */
export const incidentsListInput = strict({ status: incidentStatus.optional(), mode: incidentMode.optional() });

/** incidents:get */
export const incidentsGetInput = strict({ id: idRef });

/** incidents:update */
export const incidentsUpdateInput = strict({ id: idRef, title: label(LIMITS.title).optional(), summary: text(LIMITS.summary).optional() });

/** incidents:set-severity */
export const incidentsSetSeverityInput = strict({ id: idRef, severity, reason: text(LIMITS.reason).optional() });

/** incidents:set-status */
export const incidentsSetStatusInput = strict({ id: idRef, status: incidentStatus, note: text(LIMITS.reason).optional() });

/** incidents:milestone */
export const incidentsMilestoneInput = strict({ id: idRef, milestone, at: isoTime.optional(), note: text(LIMITS.reason).optional() });
