// Named actions of the role board (command palette, shortcuts and buttons share them).
import { hasIncident, type ActionDef } from '../../lib/workbench';
import { takeCommand } from './command';
import { rolesUiActions } from './uiStore';

export const rolesActions: ActionDef[] = [
  {
    id: 'roles.take-command',
    title: 'Take command (become Incident Commander)',
    group: 'Roles',
    keywords: ['ic', 'commander', 'lead', 'assume', 'me'],
    enabled: hasIncident,
    async run(ctx) {
      const profile = await ctx.api.invoke('profile:get', {});
      if (!profile || !ctx.incident) return;
      await takeCommand(ctx.api, ctx.incident.id, profile);
      ctx.notify(`You (${profile.displayName}) are now the Incident Commander of ${ctx.incident.humanId}.`, 'success');
    },
  },
  {
    id: 'roles.handover',
    title: 'Hand over Incident Command…',
    group: 'Roles',
    keywords: ['ic', 'commander', 'handoff', 'ics-201', 'brief', 'shift'],
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('roles');
      rolesUiActions.open('handover');
    },
  },
  {
    id: 'roles.roster',
    title: 'Edit or import the people roster…',
    group: 'Roles',
    keywords: ['people', 'csv', 'json', 'import', 'team', 'contacts'],
    run: (ctx) => {
      if (ctx.incident) ctx.openPane('roles');
      rolesUiActions.open('roster');
    },
  },
  {
    id: 'roles.assign',
    title: 'Assign a role (keyboard)',
    group: 'Roles',
    keywords: ['role', 'scribe', 'deputy', 'comms', 'sme', 'assign'],
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('roles');
      ctx.focus('roles-roster');
    },
  },
];
