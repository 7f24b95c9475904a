// The demo incident: a scripted exercise from resources/demo so a newcomer sees a live war room.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Incident } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { label, severity, text, userEntryKind } from '../../../shared/validation';
import { incidentsRepo } from '../repositories/incidentsRepo';
import type { CommandContext } from './context';
import { declareIncident, requireIncident, setSeverity, setStatus, recordMilestone } from './incidents';
import { appendEntry, pinEntry } from './timeline';

const demoSchema = z.strictObject({
  title: label(200),
  severity,
  summary: text(10_000),
  steps: z
    .array(
      z.union([
        z.strictObject({ entry: userEntryKind, text: text(20_000, { min: 1 }), pin: z.boolean().optional() }),
        z.strictObject({ severity, reason: text(2000) }),
        z.strictObject({ status: z.enum(['identified', 'monitoring']), note: text(2000) }),
        z.strictObject({ milestone: z.enum(['acknowledged', 'mitigated']) }),
      ]),
    )
    .max(500),
});

export function readDemo(resourcesDir: string) {
  const file = path.join(resourcesDir, 'demo', 'incident.json');
  const parsed = demoSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new AppError('internal', `The shipped demo ${file} is invalid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function demoAvailable(resourcesDir: string): boolean {
  return fs.existsSync(path.join(resourcesDir, 'demo', 'incident.json'));
}

export async function loadDemo(ctx: CommandContext): Promise<Incident> {
  const demo = readDemo(ctx.resourcesDir);
  const existing = (await incidentsRepo.list(ctx.db, { mode: 'exercise' })).find((i) => i.title === demo.title && i.status !== 'closed');
  if (existing) return existing;
  const inc = await declareIncident({ title: demo.title, severity: demo.severity, summary: demo.summary, mode: 'exercise' }, ctx);
  for (const step of demo.steps) {
    if ('entry' in step) {
      const e = await appendEntry({ incidentId: inc.id, kind: step.entry, text: step.text }, ctx);
      if (step.pin) await pinEntry({ eventId: e.eventId, pinned: true }, ctx);
    } else if ('severity' in step) {
      await setSeverity({ id: inc.id, severity: step.severity, reason: step.reason }, ctx);
    } else if ('status' in step) {
      await setStatus({ id: inc.id, status: step.status, note: step.note }, ctx);
    } else {
      await recordMilestone({ id: inc.id, milestone: step.milestone }, ctx);
    }
  }
  return requireIncident(ctx.db, inc.id);
}
