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
    id: 'incident.post-update',
    title: 'Post a status update…',
    group: 'Incident',
    keywords: ['update', 'statuspage', 'comms', 'announce', 'status', 'customers'],
    enabled: hasIncident,
    // A status change with its note is what the routed integrations (Statuspage, Slack) publish.
    run: (ctx) => ctx.openDialog('status'),
  },
  {
    id: 'incident.page',
    title: 'Page / escalate…',
    group: 'Incident',
    keywords: ['pagerduty', 'opsgenie', 'on-call', 'oncall', 'wake', 'escalation', 'raise'],
    enabled: hasIncident,
    async run(ctx) {
      const incident = ctx.incident;
      if (!incident) return;
      if (incident.mode === 'exercise') {
        ctx.notify(`${incident.humanId} is an exercise: it pages no one. Change the severity to rehearse an escalation.`, 'info');
        ctx.openDialog('severity');
        return;
      }
      // Pages go out through the pager integrations on a severity change: without one, say so and
      // show where to add one instead of pretending someone was paged.
      const pagers = (await ctx.api.invoke('integrations:list', {})).filter((i) => i.enabled && (i.kind === 'pagerduty' || i.kind === 'opsgenie'));
      if (pagers.length === 0) {
        ctx.notify('No paging integration is set up, so nobody can be paged from here: add PagerDuty or Opsgenie.', 'error');
        ctx.openPane('integrations');
        return;
      }
      const routed = pagers.filter((p) => p.routing.onSeverityChange).map((p) => p.name);
      ctx.notify(routed.length ? `Raising the severity pages through ${routed.join(', ')}.` : `${pagers.map((p) => p.name).join(', ')} page on declare only: enable “on severity change” in Integrations to page on escalation.`, routed.length ? 'info' : 'error');
      ctx.openDialog('severity');
    },
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
