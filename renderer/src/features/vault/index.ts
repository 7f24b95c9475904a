// Public entry of the evidence vault feature.
export { VaultPane } from './VaultPane';
export { VaultStatusBadge } from './VaultStatusBadge';
export { vaultActions } from './actions';
export { useVaultStatus } from './queries';
