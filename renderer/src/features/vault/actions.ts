// Palette actions of the vault; registered in app/actions.ts.
import { hasIncident, type ActionDef } from '../../lib/workbench';
import { count } from '../../../../shared/format';

export const vaultActions: ActionDef[] = [
  {
    id: 'vault.import',
    title: 'Add evidence to the vault…',
    group: 'Vault',
    keywords: ['artifact', 'upload', 'file', 'screenshot', 'log', 'evidence', 'attach'],
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('vault');
      ctx.focus('vault-import');
    },
  },
  {
    id: 'vault.lock',
    title: 'Lock the evidence vault',
    group: 'Vault',
    keywords: ['vault', 'lock', 'wipe keys', 'secure'],
    async run(ctx) {
      await ctx.api.invoke('vault:lock', {});
      ctx.notify('Vault locked; keys wiped from memory.', 'success');
    },
  },
  {
    id: 'vault.unlock',
    title: 'Unlock the evidence vault…',
    group: 'Vault',
    keywords: ['vault', 'unlock', 'passphrase', 'recovery key'],
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('vault');
      ctx.focus('vault-unlock');
    },
  },
  {
    id: 'vault.verify-custody',
    title: 'Verify chain of custody',
    group: 'Vault',
    keywords: ['custody', 'evidence', 'integrity', 'hash chain', 'audit'],
    async run(ctx) {
      const r = await ctx.api.invoke('custody:verify', {});
      if (r.ok) ctx.notify(`Custody verified: ${count(r.entries, 'entry', 'entries')} over ${count(r.artifacts, 'artifact')}, all intact.`, 'success');
      else ctx.notify(`Custody broken at artifact ${r.firstBad!.artifactId}, entry ${r.firstBad!.index}: ${r.firstBad!.reason}.`, 'error');
    },
  },
];
