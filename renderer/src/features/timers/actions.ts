// Named actions of the time-boxes pane.
import { hasIncident, type ActionDef } from '../../lib/workbench';
import { timersUiActions } from './uiStore';
import { count } from '../../../../shared/format';

export const timersActions: ActionDef[] = [
  {
    id: 'timers.start-diagnosis',
    title: 'Start a diagnosis time-box…',
    group: 'Time-boxes',
    keywords: ['hypothesis', 'timebox', 'time-box', 'try', 'minutes'],
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('timers');
      ctx.focus('timers-hypothesis');
    },
  },
  {
    id: 'timers.start-ask',
    title: 'Start a time-boxed ask…',
    group: 'Time-boxes',
    keywords: ['ask', 'report back', 'follow up', 'minutes'],
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('timers');
      ctx.focus('timers-ask');
    },
  },
  {
    id: 'timers.start-cadence',
    title: 'Start cadence timers from the policy',
    group: 'Time-boxes',
    keywords: ['cadence', 'updates', 'comms', 'can report', 'time check'],
    enabled: hasIncident,
    async run(ctx) {
      const timers = await ctx.api.invoke('cadence:start', { incidentId: ctx.incident!.id });
      ctx.openPane('timers');
      ctx.notify(`Started ${count(timers.length, 'cadence timer')} for ${ctx.incident!.severity}.`, 'success');
    },
  },
  {
    id: 'cadence.edit-policy',
    title: 'Edit the cadence policy…',
    group: 'Time-boxes',
    keywords: ['cadence', 'policy', 'severity', 'minutes'],
    run: (ctx) => {
      if (ctx.incident) ctx.openPane('timers');
      timersUiActions.openPolicy(true);
    },
  },
];
