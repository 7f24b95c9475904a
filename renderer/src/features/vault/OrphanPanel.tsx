// Encrypted evidence the vault kept although no row of this database mentions it: after a damaged
// database was moved aside, or an older backup restored. Nothing here is ever deleted on its own;
// each blob can be re-attached from its sealed key file, after the core checked it decrypts intact.
import { useState } from 'react';
import type { VaultOrphan, VaultStatus } from '../../../../shared/domain/vault';
import { toastActions } from '../../lib/toasts';
import { useCommand } from '../../lib/queries';
import { FormError } from '../../ui/Field';
import { errorMessage } from '../../ui/errors';
import { useTimeFormat } from '../../ui/time';
import { humanSize } from './files';
import { useOrphans } from './queries';


function OrphanRow({ o, incidentId, onError }: { o: VaultOrphan; incidentId: string; onError: (m: string | null) => void }) {
  const reattach = useCommand('vault:reattach');
  const { notify } = toastActions;
  const fmt = useTimeFormat();
  const a = o.artifact;
  // Back to the incident it came from when this database has it, else to the incident shown here.
  const target = o.incidentId ?? incidentId;
  const label = o.incidentId ? `Re-attach to ${a?.incidentHumanId ?? 'its incident'}` : 'Re-attach to this incident';
  async function run() {
    onError(null);
    try {
      const art = await reattach.mutateAsync({ blobHash: o.blobHash, incidentId: target });
      notify(`Re-attached “${art.name}” (${humanSize(art.size)}); it decrypted to its recorded digest and is on a new custody chain.`, 'success');
    } catch (err) {
      onError(errorMessage(err));
    }
  }
  return (
    <li className="vault-orphan" data-testid="vault-orphan">
      <div>
        {a ? (
          <>
            <strong>{a.name}</strong> · {humanSize(a.size)} · {a.contentType.split(';')[0]}
            <div className="muted small-text">
              Added to {a.incidentHumanId} (“{a.incidentTitle}”) by {a.addedBy} on <time dateTime={a.addedAt}>{fmt.stamp(a.addedAt)}</time>
            </div>
          </>
        ) : (
          <>
            <code title={o.blobHash}>{o.blobHash.slice(0, 16)}…</code> · {humanSize(o.blobSize)} encrypted
          </>
        )}
        {o.problem && <div className="vault-orphan-problem small-text">{o.problem}</div>}
      </div>
      {!o.problem && (
        <button type="button" className="small" onClick={() => void run()} disabled={reattach.isPending} aria-label={`${label}: ${a?.name ?? o.blobHash}`}>
          {label}
        </button>
      )}
    </li>
  );
}

export function OrphanPanel({ status, incidentId }: { status: VaultStatus; incidentId: string }) {
  const orphans = useOrphans(status.orphans > 0);
  const [error, setError] = useState<string | null>(null);
  if (status.orphans === 0) return null;
  const n = status.orphans;
  return (
    <section className="vault-orphans" aria-label="Orphaned evidence" data-testid="vault-orphans">
      <h3>
        {n} encrypted {n === 1 ? 'file is' : 'files are'} not recorded in this database
      </h3>
      <p className="small-text">
        This happens when a damaged database was moved aside or an older backup was put back. The vault kept {n === 1 ? 'it' : 'them'} in the folder <code>vault/orphans</code> of the data
        folder and never deletes {n === 1 ? 'it' : 'them'} on its own. Re-attaching reads the sealed key file stored beside each file, checks that the content decrypts to its recorded
        digest, and starts a new custody chain that names where it came from.
      </p>
      {status.state !== 'unlocked' && <p className="muted small-text">Unlock the vault to see what they are and re-attach them.</p>}
      <ul className="vault-orphan-list">
        {(orphans.data ?? []).map((o) => (
          <OrphanRow key={o.blobHash} o={o} incidentId={incidentId} onError={setError} />
        ))}
      </ul>
      <FormError message={error ?? (orphans.error ? errorMessage(orphans.error) : null)} />
    </section>
  );
}
