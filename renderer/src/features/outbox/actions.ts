// Named actions of the outbox (palette, shortcuts, buttons share them).
import { hasIncident, type ActionDef } from '../../lib/workbench';

export const outboxActions: ActionDef[] = [
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
