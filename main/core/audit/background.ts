// The integrity seal: checked against the database before the first command, then written shortly
// after commits (never inside a command), and once more on stop.
import type { BackgroundModule } from '../background';
import type { AuditChain } from './auditChain';
import type { IntegritySeal } from './integrity';

export function integrityBackground(integrity: IntegritySeal, audit: AuditChain): BackgroundModule {
  return {
    name: 'integrity seal',
    async start() {
      await integrity.start();
      audit.onCommitted(() => integrity.schedule());
      return { stop: () => integrity.close() };
    },
  };
}
