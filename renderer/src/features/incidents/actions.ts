// Named actions of the incidents (command palette, shortcuts and buttons share them).
import { isActive } from '../../../../shared/domain/incidents';
import { AppError } from '../../../../shared/errors';
import { hasIncident, type ActionDef } from '../../lib/workbench';
import { incidentsKeys } from './queries';
import { incidentsUiActions } from './uiStore';

export const incidentActions: ActionDef[] = [
  {
    id: 'incident.declare',
    title: 'Declare incident…',
    group: 'Incident',
    keywords: ['new', 'create', 'open', 'sev'],
    shortcut: 'Mod+Shift+D',
    run: (ctx) => ctx.openDialog('declare'),
  },
  {
    id: 'incident.switch',
    title: 'Switch incident…',
    group: 'Incident',
    keywords: ['go to', 'open', 'select'],
    shortcut: 'Mod+Shift+I',
    run: (ctx) => ctx.openPalette('incidents'),
  },
  {
    id: 'incident.severity',
    title: 'Change severity…',
    group: 'Incident',
    keywords: ['sev', 'escalate', 'downgrade', 'raise', 'lower'],
    shortcut: 'Mod+Shift+S',
    enabled: hasIncident,
    run: (ctx) => ctx.openDialog('severity'),
  },
  {
    id: 'incident.status',
    title: 'Change status…',
    group: 'Incident',
    keywords: ['investigating', 'identified', 'monitoring', 'resolved', 'closed', 'resolve'],
    shortcut: 'Mod+Shift+U',
    enabled: hasIncident,
    run: (ctx) => ctx.openDialog('status'),
  },
  {
    id: 'incident.resolve',
    title: 'Resolve incident…',
    group: 'Incident',
    keywords: ['resolved', 'end', 'close', 'fixed', 'done'],
    enabled: (ctx) => ctx.incident !== null && isActive(ctx.incident.status),
    run: (ctx) => ctx.openDialog('resolve'),
  },
  {
    id: 'incident.milestone',
    title: 'Record milestone…',
    group: 'Incident',
    keywords: ['acknowledged', 'mitigated', 'detected', 'resolved', 'time'],
    shortcut: 'Mod+Shift+M',
    enabled: hasIncident,
    run: (ctx) => ctx.openDialog('milestone'),
  },
  {
    id: 'incident.load-demo',
    title: 'Load the demo incident',
    group: 'Incident',
    keywords: ['example', 'exercise', 'sample', 'tour'],
    async run(ctx) {
      try {
        const inc = await ctx.api.invoke('demo:load', {});
        incidentsUiActions.select(inc.id);
        await ctx.queryClient.invalidateQueries({ queryKey: incidentsKeys.all() });
        ctx.notify(`Loaded the demo incident ${inc.humanId} (an exercise).`, 'success');
      } catch (err) {
        ctx.notify(`Could not load the demo: ${err instanceof AppError ? err.message : String(err)}`, 'error');
      }
    },
  },
];
