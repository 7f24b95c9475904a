// The vault's lock state for the status bar (the renderer's StatusBar renders <VaultStatusBadge />).
import { useVaultStatus } from './queries';

export function VaultStatusBadge() {
  const { data } = useVaultStatus();
  if (!data || data.state === 'uninitialized') return null;
  const unlocked = data.state === 'unlocked';
  return (
    <span className={`status-item vault-status ${unlocked ? 'vault-unlocked' : 'vault-locked'}`} data-testid="vault-status" title={`Evidence vault key: ${data.backend}`}>
      <span className="dot" aria-hidden="true" /> Vault {unlocked ? 'unlocked' : 'locked'}
    </span>
  );
}
