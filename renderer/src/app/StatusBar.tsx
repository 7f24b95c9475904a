import { SyncCoverageStatus, SyncIndicator, useSyncStatus } from '../features/outbox';
import { useSelectedIncidentId } from '../features/incidents';
import { useAppInfo, useConnection, useNavigatorOnline } from '../lib/queries';
import { VaultStatusBadge } from '../features/vault';
import { dialogActions } from './store';
import { ZoneClock } from './ZoneClock';

export function StatusBar({ onOpenOutbox }: { onOpenOutbox: () => void }) {
  const connection = useConnection();
  const netOnline = useNavigatorOnline();
  const info = useAppInfo();
  const sync = useSyncStatus();
  const incidentId = useSelectedIncidentId();
  const backend = connection === 'connected' ? 'ok' : connection === 'unauthorized' ? 'unauthorized' : 'down';
  // Integrations judge connectivity from real requests; the OS flag alone can say "online" on a dead network.
  const integrationsOffline = sync.data?.offline === true;
  const online = backend === 'ok' && netOnline && !integrationsOffline;
  const label =
    backend === 'unauthorized'
      ? 'Not authorised — reopen the launch address'
      : backend === 'down'
        ? connection === 'connecting'
          ? 'Connecting to the backend…'
          : 'Backend unreachable — reconnecting'
        : !netOnline
          ? 'Offline — saving locally, will sync later'
          : integrationsOffline
            ? 'Integrations unreachable — saving locally, will sync later'
            : 'Online';
  const pending = sync.data?.pending;
  const dead = sync.data?.dead ?? 0;
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`status-item conn ${online ? 'conn-ok' : 'conn-bad'}`} role="status" data-testid="connection-status">
        <span className="dot" aria-hidden="true" />
        {label}
      </span>
      <span className="status-item" title="Outbox items waiting to reach integrations">
        Pending sync: <strong data-testid="pending-sync">{pending === undefined ? '…' : pending}</strong>
        {dead > 0 && <strong className="dead-count"> · {dead} failed</strong>}
      </span>
      <SyncCoverageStatus incidentId={incidentId} onOpen={onOpenOutbox} />
      <SyncIndicator onOpen={onOpenOutbox} />
      <VaultStatusBadge />
      <ZoneClock onOpen={() => dialogActions.open('time-zone')} />
      <span className="status-item data-path" title={info.data?.dataDir}>
        Data: <code>{info.data?.dataDir ?? '…'}</code>
      </span>
      <span className="status-item version">
        Command Post v{__APP_VERSION__}
        {info.data && info.data.version !== __APP_VERSION__ ? ` (backend v${info.data.version})` : ''}
      </span>
    </footer>
  );
}
