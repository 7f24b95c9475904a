// Public entry of the outbox feature: the pane, the status-bar items, the offline banner, the
// header's "Nobody paged" badge, catch-up buttons, and the sync status and coverage they share.
import type { PaneDef } from '../../lib/workbench';
import { OutboxPane } from './OutboxPane';

export { OutboxPane } from './OutboxPane';
export { SyncIndicator } from './SyncIndicator';
export { OfflineBanner } from './OfflineBanner';
export { outboxActions } from './actions';
export { CatchUpAllButton, CatchUpButton, NobodyPagedBadge, SyncCoverageStatus, SyncCoverageSummary } from './Coverage';
export { useCatchUpOffers, useCoverage, useSyncStatus } from './queries';
export { linkWord, lockedSentence, queuedSentence } from './words';

/** The pane as the shell registers it (app/panes.ts). */
export const outboxPane: PaneDef = { id: 'outbox', title: 'Outbox', shortcut: 'Alt+7', minWidth: 460, minHeight: 220, component: OutboxPane };
