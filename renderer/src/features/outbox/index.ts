// Public entry of the outbox feature: the pane, the status-bar items, the offline banner and the
// sync status they share.
export { OutboxPane } from './OutboxPane';
export { SyncIndicator } from './SyncIndicator';
export { OfflineBanner } from './OfflineBanner';
export { outboxActions } from './actions';
export { useSyncStatus } from './queries';
export { linkWord, lockedSentence, queuedSentence } from './words';
