// demo:load: the scripted exercise timeline from resources/demo/incident.json, replayed into the
// current folder in one command (the explicit, in-place demo; the full war room is seed.ts).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Incident } from '../../../shared/domain/incidents';
import { AppError } from '../../../shared/errors';
import { label, severity, text, userEntryKind } from '../../../shared/validation';
import { incidentsRepo } from '../repositories/incidentsRepo';
import type { CommandContext } from '../command';
import { declareIncident, requireIncident, setSeverity, setStatus, recordMilestone } from '../incidents/incidents';
import { appendEntry, pinEntry } from '../timeline/timeline';

const minutesAgo = z.int().min(0).max(24 * 60);

const demoSchema = z.strictObject({
  title: label(200),
  severity,
  summary: text(10_000),
  declaredMinutesAgo: z.int().min(0).max(24 * 60),
  steps: z
    .array(
      z.union([
        z.strictObject({ entry: userEntryKind, text: text(20_000, { min: 1 }), pin: z.boolean().optional(), minutesAgo }),
        z.strictObject({ severity, reason: text(2000), minutesAgo }),
        z.strictObject({ status: z.enum(['identified', 'monitoring']), note: text(2000), minutesAgo }),
        z.strictObject({ milestone: z.enum(['acknowledged', 'mitigated']), minutesAgo }),
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
  // Replay the script as if it had happened over the last hour, so the war room looks lived in.
  const start = ctx.now();
  let stepTime = start - demo.declaredMinutesAgo * 60_000;
  const at = () => new Date(stepTime).toISOString();
  const sctx: CommandContext = {
    ...ctx,
    now: () => stepTime,
    log: { append: (tx, e) => ctx.log.append(tx, { ...e, at: e.at ?? at() }) },
  };
  const inc = await declareIncident({ title: demo.title, severity: demo.severity, summary: demo.summary, mode: 'exercise' }, sctx);
  for (const step of demo.steps) {
    stepTime = start - step.minutesAgo * 60_000;
    if ('entry' in step) {
      const e = await appendEntry({ incidentId: inc.id, kind: step.entry, text: step.text }, sctx);
      if (step.pin) await pinEntry({ eventId: e.eventId, pinned: true }, sctx);
    } else if ('severity' in step) {
      await setSeverity({ id: inc.id, severity: step.severity, reason: step.reason }, sctx);
    } else if ('status' in step) {
      await setStatus({ id: inc.id, status: step.status, note: step.note }, sctx);
    } else {
      await recordMilestone({ id: inc.id, milestone: step.milestone }, sctx);
    }
  }
  return requireIncident(ctx.db, inc.id);
}
