// Public entry of the evidence vault feature.
import type { PaneDef } from '../../lib/workbench';
import { VaultPane } from './VaultPane';

export { VaultPane } from './VaultPane';
export { VaultStatusBadge } from './VaultStatusBadge';
export { vaultActions } from './actions';
export { useVaultStatus } from './queries';

/** The pane as the shell registers it (app/panes.ts). */
export const vaultPane: PaneDef = { id: 'vault', title: 'Evidence vault', shortcut: 'Alt+6', minWidth: 480, minHeight: 240, component: VaultPane };
