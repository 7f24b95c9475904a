// Create, unlock and lock the vault. Creating shows the recovery key exactly once.
import { useRef, useState } from 'react';
import type { VaultStatus } from '../../../../shared/domain/vault';
import { VAULT_LIMITS } from '../../../../shared/domain/vault';
import { useFocusRequest } from '../../lib/focus';
import { useCommand } from '../../lib/queries';
import { Field, FormError } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { fieldErrors } from '../../ui/errors';

export function RecoveryKeyDialog({ recoveryKey, onClose }: { recoveryKey: string; onClose: () => void }) {
  const [stored, setStored] = useState(false);
  return (
    <Modal title="Your vault recovery key" description="Shown once. It opens the vault if the key store is lost or the passphrase is forgotten. Print it or write it down and keep it away from this computer.">
      <pre className="vault-recovery-key" data-testid="recovery-key" aria-label="Recovery key">
        {recoveryKey}
      </pre>
      <label className="vault-check">
        <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} /> I have stored the recovery key somewhere safe
      </label>
      <div className="modal-actions">
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" className="primary" disabled={!stored} onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}

function CreateForm({ status, onCreated }: { status: VaultStatus; onCreated: (recoveryKey: string) => void }) {
  const create = useCommand('vault:create');
  const [mode, setMode] = useState<'keystore' | 'passphrase'>(status.systemKeyStore ? 'keystore' : 'passphrase');
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const errs = fieldErrors(create.error, ['passphrase', 'mode']);
  const mismatch = mode === 'passphrase' && confirm.length > 0 && pass !== confirm;
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      const r = await create.mutateAsync(mode === 'keystore' ? { mode } : { mode, passphrase: pass });
      // The pane shows the key: this form unmounts as soon as the vault reports itself unlocked.
      onCreated(r.recoveryKey);
      setPass('');
      setConfirm('');
    } catch {
      /* shown below */
    }
  }
  return (
    <form className="vault-form" onSubmit={(e) => void submit(e)} aria-label="Create the vault">
        <p className="muted">
          Evidence is encrypted on this machine before it touches disk. Choose where the vault key lives.
          {!status.systemKeyStore && ' No system key store is available here, so the vault needs a passphrase.'}
        </p>
        <fieldset className="vault-modes">
          <legend className="sr-only">Key protection</legend>
          <label>
            <input type="radio" name="vault-mode" checked={mode === 'keystore'} disabled={!status.systemKeyStore} onChange={() => setMode('keystore')} />
            System key store{status.systemKeyStore ? ` (${status.systemKeyStore})` : ' — not available'}
          </label>
          <label>
            <input type="radio" name="vault-mode" checked={mode === 'passphrase'} onChange={() => setMode('passphrase')} />
            Passphrase{status.passphraseSet ? ' (the console passphrase already chosen)' : ''}
          </label>
        </fieldset>
        {mode === 'passphrase' && (
          <>
            <Field label="Passphrase" error={errs.fields.passphrase} hint={`At least ${VAULT_LIMITS.passphraseMin} characters. Deriving the key takes about a quarter of a second on purpose.`}>
              {(p) => <input {...p} type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />}
            </Field>
            {!status.passphraseSet && (
              <Field label="Repeat passphrase" error={mismatch ? 'The passphrases differ.' : undefined}>
                {(p) => <input {...p} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
              </Field>
            )}
          </>
        )}
        {/* A refusal about the key protection (no key store here, a master key already stored) carries its way out in the message. */}
        <FormError message={errs.fields.mode ? (create.error?.message ?? errs.fields.mode) : errs.general} />
        <button type="submit" className="primary" disabled={create.isPending || (mode === 'passphrase' && (pass.length < VAULT_LIMITS.passphraseMin || (!status.passphraseSet && pass !== confirm)))}>
          {create.isPending ? 'Creating…' : 'Create vault'}
        </button>
    </form>
  );
}

function UnlockForm({ status }: { status: VaultStatus }) {
  const unlock = useCommand('vault:unlock');
  const [useRecovery, setUseRecovery] = useState(false);
  const [secret, setSecret] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useFocusRequest('vault-unlock', ref);
  const errs = fieldErrors(unlock.error, ['passphrase', 'recoveryKey']);
  const needsSecret = useRecovery || status.mode === 'passphrase';
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      await unlock.mutateAsync(useRecovery ? { recoveryKey: secret } : status.mode === 'passphrase' ? { passphrase: secret } : {});
      setSecret('');
    } catch {
      /* shown below */
    }
  }
  return (
    <form className="vault-form" onSubmit={(e) => void submit(e)} aria-label="Unlock the vault">
      <p className="vault-locked-note">
        <strong>Locked.</strong> The vault is locked. Previews, imports and exports are refused until it is unlocked.
      </p>
      {needsSecret ? (
        <Field label={useRecovery ? 'Recovery key' : 'Passphrase'} error={errs.fields.passphrase ?? errs.fields.recoveryKey}>
          {(p) => <input {...p} ref={ref} type={useRecovery ? 'text' : 'password'} autoComplete="off" spellCheck={false} value={secret} onChange={(e) => setSecret(e.target.value)} />}
        </Field>
      ) : (
        <p className="muted">The key is in the {status.backend} key store.</p>
      )}
      <label className="vault-check">
        <input type="checkbox" checked={useRecovery} onChange={(e) => setUseRecovery(e.target.checked)} /> Use the recovery key
      </label>
      <FormError message={errs.general} />
      <button type="submit" className="primary" disabled={unlock.isPending || (needsSecret && !secret)}>
        {unlock.isPending ? 'Unlocking…' : 'Unlock vault'}
      </button>
    </form>
  );
}

export function KeyPanel({ status, onCreated }: { status: VaultStatus; onCreated: (recoveryKey: string) => void }) {
  if (status.state === 'uninitialized') return <CreateForm status={status} onCreated={onCreated} />;
  if (status.state === 'locked') return <UnlockForm status={status} />;
  return null;
}
