// Named actions of the outbox (palette, shortcuts, buttons share them).
import { hasIncident, type ActionDef } from '../../lib/workbench';

export const outboxActions: ActionDef[] = [
  {
    id: 'outbox.catch-up',
    title: 'Catch up integrations that never opened this incident',
    group: 'Sync',
    keywords: ['catch up', 'open', 'not routed', 'statuspage', 'slack', 'page', 'sync'],
    enabled: hasIncident,
    async run(ctx) {
      const id = ctx.incident!.id;
      const offers = (await ctx.api.invoke('integrations:offers', {})).filter((o) => o.incidentId === id);
      const queued: string[] = [];
      for (const integration of new Set(offers.map((o) => o.integration))) {
        const res = await ctx.api.invoke('integrations:catch-up', { integration, incidentIds: [id] });
        if (res.queued.length) queued.push(integration);
      }
      ctx.openPane('outbox');
      ctx.notify(queued.length ? `Caught up ${ctx.incident!.humanId} at ${queued.join(', ')}.` : `Every enabled integration has opened ${ctx.incident!.humanId} already, or its rule leaves it.`, queued.length ? 'success' : 'info');
    },
  },
  {
    id: 'outbox.retry-dead',
    title: 'Retry everything that needs attention in the outbox',
    group: 'Sync',
    keywords: ['outbox', 'dead', 'failed', 'resend', 'sync'],
    async run(ctx) {
      const dead = await ctx.api.invoke('outbox:list', { state: 'dead', limit: 500 });
      for (const item of dead) await ctx.api.invoke('outbox:retry', { id: item.id });
      if (hasIncident(ctx)) ctx.openPane('outbox');
      ctx.notify(dead.length ? `Retrying ${dead.length} item${dead.length === 1 ? '' : 's'}.` : 'Nothing needs attention in the outbox.', dead.length ? 'success' : 'info');
    },
  },
];
