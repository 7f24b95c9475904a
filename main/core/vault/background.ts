// The vault before the first command and after the last: folders checked and cleaned, the record
// reconciled with vault.json, the key unlocked from the system store when it lives there; on stop the
// keys are wiped and queued garbage collection finishes. A vault that refuses to start stops the core.
import type { BackgroundModule } from '../background';
import type { Vault } from './vault';

export function vaultBackground(vault: Vault): BackgroundModule {
  return {
    name: 'vault',
    async start() {
      await vault.init();
      return {
        async stop() {
          vault.close();
          await vault.idle();
        },
      };
    },
  };
}
