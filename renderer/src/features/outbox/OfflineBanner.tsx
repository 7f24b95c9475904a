// The offline banner: shown while an integration with queued work cannot be reached. It says what
// is queued, that it is safe, and that it will go out by itself. Mount above the war room.
import { useSyncStatus } from '../../lib/queries';
import { queuedSentence } from './words';
import './outbox.css';

export function OfflineBanner({ onOpenOutbox }: { onOpenOutbox?: () => void }) {
  const sync = useSyncStatus();
  const sentence = sync.data ? queuedSentence(sync.data) : null;
  if (!sentence) return null;
  return (
    <div className="offline-banner" role="status" aria-live="polite" data-testid="offline-banner">
      <strong>Offline:</strong> {sentence}. Everything is saved here and will be sent once, in order, when the connection returns.
      {onOpenOutbox && (
        <button type="button" className="small" onClick={onOpenOutbox}>
          Show outbox
        </button>
      )}
    </div>
  );
}
