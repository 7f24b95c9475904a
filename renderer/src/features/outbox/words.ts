// Words for sync states, shared by the status bar items, the banner and the panes.
import type { IntegrationSyncState, OutboxItem, SyncStatus } from '../../../../shared/domain/sync';

export const STATE_WORD: Record<OutboxItem['state'], string> = {
  pending: 'Queued',
  in_flight: 'Sending',
  failed: 'Retrying',
  dead: 'Needs attention',
  delivered: 'Delivered',
  discarded: 'Discarded',
};

const OP_WORD: Record<string, [string, string]> = {
  trigger: ['page', 'pages'],
  resolve: ['page resolution', 'page resolutions'],
  acknowledge: ['acknowledgement', 'acknowledgements'],
  post: ['post', 'posts'],
  create_channel: ['channel', 'channels'],
  create_issue: ['ticket', 'tickets'],
  create_incident: ['status page incident', 'status page incidents'],
};

function wordsFor(operation: string): [string, string] {
  return OP_WORD[operation] ?? (operation.startsWith('status:') ? ['status page update', 'status page updates'] : ['update', 'updates']);
}

export function opWord(operation: string, n: number): string {
  const w = wordsFor(operation);
  return `${n} ${n === 1 ? w[0] : w[1]}`;
}

/** "3 pages, 2 posts queued for pagerduty, slack": what waits for the integrations in one state. */
function waitingSentence(status: SyncStatus, state: IntegrationSyncState['state']): string | null {
  const waiting = status.integrations.filter((i) => i.state === state && i.pending > 0);
  if (waiting.length === 0) return null;
  // Totals by what people call them, so a webhook's "declared" and "timeline" are both updates.
  const totals = new Map<string, { op: string; n: number }>();
  for (const i of waiting) {
    for (const q of i.queued) {
      const key = wordsFor(q.operation)[0];
      const t = totals.get(key) ?? { op: q.operation, n: 0 };
      t.n += q.count;
      totals.set(key, t);
    }
  }
  const parts = [...totals.values()].map((t) => opWord(t.op, t.n));
  return `${parts.join(', ')} queued for ${waiting.map((i) => i.name).join(', ')}`;
}

/** What the offline banner says: what is queued for integrations that cannot be reached. */
export function queuedSentence(status: SyncStatus): string | null {
  return waitingSentence(status, 'offline');
}

/** What the locked banner says: what waits for the key store to be unlocked. */
export function lockedSentence(status: SyncStatus): string | null {
  return waitingSentence(status, 'locked');
}

export const LOCKED_WORD = 'locked — unlock to send';

export function linkWord(i: IntegrationSyncState): string {
  if (i.state === 'locked') return LOCKED_WORD;
  if (i.state === 'offline') return i.breaker === 'open' ? 'offline (paused)' : 'offline';
  if (i.state === 'online') return i.pausedUntil ? 'rate limited' : 'online';
  return 'not contacted yet';
}

/** Said under an item that needs attention: what else it holds up. */
export const BLOCKS_STREAM = 'Later updates for this incident on this integration wait until you retry or discard this one.';
