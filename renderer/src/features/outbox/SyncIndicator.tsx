// Sync state per integration for the status bar: one dot and name per integration (state in words
// too), pending and dead counts, last synced time in the tooltip. Mount in app/StatusBar.tsx.
import { useSyncStatus } from './queries';
import { formatRelative, useNow } from '../../ui/time';
import { count } from '../../../../shared/format';
import { linkWord } from './words';
import './outbox.css';

export function SyncIndicator({ onOpen }: { onOpen?: () => void }) {
  const sync = useSyncStatus();
  const now = useNow();
  const list = sync.data?.integrations ?? [];
  if (list.length === 0) return null;
  return (
    <span className="status-item sync-items" data-testid="sync-indicator">
      {list.map((i) => {
        const title = `${i.name} (${i.kind}): ${linkWord(i)}; ${i.pending} waiting, ${count(i.dead, 'needs', 'need')} attention; last synced ${i.lastSyncedAt ? formatRelative(i.lastSyncedAt, now) : 'never'}${i.lastError ? `; last error: ${i.lastError}` : ''}`;
        return (
          <button type="button" key={i.name} className={`sync-chip link-${i.state}`} title={title} aria-label={title} onClick={onOpen} data-testid={`sync-${i.name}`} data-state={i.state}>
            <span className="dot" aria-hidden="true" />
            {i.name}
            {i.pending > 0 && <span className="sync-count"> {i.pending}</span>}
            {i.dead > 0 && <span className="sync-dead"> !{i.dead}</span>}
          </button>
        );
      })}
    </span>
  );
}
