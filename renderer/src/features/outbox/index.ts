// Public entry of the outbox feature: the pane, the status-bar items and the offline banner.
export { OutboxPane } from './OutboxPane';
export { SyncIndicator } from './SyncIndicator';
export { OfflineBanner } from './OfflineBanner';
export { outboxActions } from './actions';
export { linkWord, lockedSentence, queuedSentence } from './words';
