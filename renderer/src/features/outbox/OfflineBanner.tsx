// The offline banner: shown while an integration with queued work cannot be reached, or waits for
// the key store to be unlocked. It says what is queued, that it is safe, and what lets it go out.
// Mount above the war room.
import { useSyncStatus } from './queries';
import { lockedSentence, queuedSentence } from './words';
import './outbox.css';

export function OfflineBanner({ onOpenOutbox }: { onOpenOutbox?: () => void }) {
  const sync = useSyncStatus();
  const offline = sync.data ? queuedSentence(sync.data) : null;
  const locked = sync.data ? lockedSentence(sync.data) : null;
  if (!offline && !locked) return null;
  return (
    <>
      {locked && (
        <div className="offline-banner" role="status" aria-live="polite" data-testid="locked-banner">
          <strong>Locked — unlock to send:</strong> {locked}. Everything is saved here and will be sent once, in order, when the key store is unlocked.
          {onOpenOutbox && (
            <button type="button" className="small" onClick={onOpenOutbox}>
              Show outbox
            </button>
          )}
        </div>
      )}
      {offline && (
        <div className="offline-banner" role="status" aria-live="polite" data-testid="offline-banner">
          <strong>Offline:</strong> {offline}. Everything is saved here and will be sent once, in order, when the connection returns.
          {onOpenOutbox && (
            <button type="button" className="small" onClick={onOpenOutbox}>
              Show outbox
            </button>
          )}
        </div>
      )}
    </>
  );
}
