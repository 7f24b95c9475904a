// Export (decrypted with confirmation, or an encrypted bundle) and delete (crypto-shred with reason).
import { useState } from 'react';
import type { ArtifactSummary } from '../../../../shared/domain/vault';
import { VAULT_LIMITS } from '../../../../shared/domain/vault';
import { useApi } from '../../lib/ApiProvider';
import { useCommand } from '../../lib/queries';
import { Field, FormError } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { errorMessage, useFieldErrors } from '../../ui/errors';
import { humanSize, saveBlob, saveBytes } from './files';
import { nativeVaultFiles } from './upload';

export function ExportDialog({ artifact, onClose, onDone }: { artifact: ArtifactSummary; onClose: () => void; onDone: (msg: string) => void }) {
  const api = useApi();
  const exp = useCommand('artifacts:export');
  const [format, setFormat] = useState<'plain' | 'bundle'>('bundle');
  const [confirmPlain, setConfirmPlain] = useState(false);
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [fetching, setFetching] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  // Electron with native dialogs: the system save dialog picks the file and the main process streams
  // the export there (any size). Otherwise the browser host streams through a one-time ticket and a
  // plain Electron window gets the bytes inline.
  const saveExport = nativeVaultFiles(api)?.saveExport;
  const errs = useFieldErrors(saveError ?? exp.error, ['passphrase', 'destination'], { passphrase: pass, destination: null });
  // There is no destination field to show it next to (e.g. the chosen file already exists): the whole message.
  const destinationError = errs.fields.destination ? errorMessage(saveError ?? exp.error) : null;
  const byTicket = api.transport === 'http';
  const tooBig = !saveExport && !byTicket && artifact.size > VAULT_LIMITS.inlineBytes;
  const ready = format === 'plain' ? confirmPlain : pass.length >= VAULT_LIMITS.passphraseMin && pass === pass2;
  async function submitNative(save: NonNullable<typeof saveExport>) {
    setSaveError(null);
    setFetching(true);
    let r;
    try {
      r = format === 'plain' ? await save(artifact.id, 'plain') : await save(artifact.id, 'bundle', pass);
    } catch (err) {
      setSaveError(err);
      return;
    } finally {
      setFetching(false);
    }
    if (!r.saved) return; // the save dialog was cancelled: nothing written, the form stays
    onDone(format === 'plain' ? `Exported “${artifact.name}” decrypted to ${r.path}.` : `Exported “${artifact.name}” as an encrypted bundle to ${r.path}.`);
  }
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setDownloadError(null);
    if (saveExport) return submitNative(saveExport);
    const destination = byTicket ? 'download' : 'inline';
    let r;
    try {
      r = await exp.mutateAsync(format === 'plain' ? { id: artifact.id, destination, format } : { id: artifact.id, destination, format, passphrase: pass });
    } catch {
      return; /* shown below */
    }
    try {
      if (r.downloadPath) {
        setFetching(true);
        const file = await api.download(r.downloadPath);
        saveBlob(file.blob, r.fileName);
      } else saveBytes(r.dataBase64!, r.fileName);
    } catch (err) {
      setDownloadError(`${errorMessage(err)} The export was recorded on the custody chain.`);
      return;
    } finally {
      setFetching(false);
    }
    onDone(format === 'plain' ? `Exported “${artifact.name}” decrypted.` : `Exported “${artifact.name}” as an encrypted bundle (${r.fileName}).`);
  }
  return (
    <Modal title={`Export “${artifact.name}”`} onClose={onClose} description="Every export is recorded on the custody chain and the incident timeline.">
      <form onSubmit={(e) => void submit(e)} className="vault-form">
        <fieldset className="vault-modes">
          <legend>Format</legend>
          <label>
            <input type="radio" name="export-format" checked={format === 'bundle'} onChange={() => setFormat('bundle')} /> Encrypted evidence bundle (another console imports it with the passphrase)
          </label>
          <label>
            <input type="radio" name="export-format" checked={format === 'plain'} onChange={() => setFormat('plain')} /> Decrypted file
          </label>
        </fieldset>
        {format === 'plain' ? (
          <label className="vault-check vault-warning">
            <input type="checkbox" checked={confirmPlain} onChange={(e) => setConfirmPlain(e.target.checked)} /> I understand this writes the evidence unencrypted to{' '}
            {saveExport ? 'a file I choose on this computer' : 'this computer’s downloads'}.
          </label>
        ) : (
          <>
            <Field label="Bundle passphrase" error={errs.fields.passphrase} hint={`At least ${VAULT_LIMITS.passphraseMin} characters; share it with the recipient separately.`}>
              {(p) => <input {...p} type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />}
            </Field>
            <Field label="Repeat bundle passphrase" error={pass2 && pass !== pass2 ? 'The passphrases differ.' : undefined}>
              {(p) => <input {...p} type="password" autoComplete="new-password" value={pass2} onChange={(e) => setPass2(e.target.value)} />}
            </Field>
          </>
        )}
        {tooBig && <p className="form-error">This artifact is {humanSize(artifact.size)}; this window exports up to {humanSize(VAULT_LIMITS.inlineBytes)} directly. Use artifacts:export with a path for larger ones.</p>}
        <FormError message={errs.general ?? destinationError ?? downloadError} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={`primary ${format === 'plain' ? 'danger' : ''}`} disabled={!ready || tooBig || exp.isPending || fetching}>
            {exp.isPending || fetching ? 'Exporting…' : `${format === 'plain' ? 'Export decrypted' : 'Export bundle'}${saveExport ? '…' : ''}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function DeleteDialog({ artifact, onClose, onDone }: { artifact: ArtifactSummary; onClose: () => void; onDone: (msg: string) => void }) {
  const del = useCommand('artifacts:delete');
  const [reason, setReason] = useState('');
  const errs = useFieldErrors(del.error, ['reason'], { reason });
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      await del.mutateAsync({ id: artifact.id, reason });
      onDone(`Deleted “${artifact.name}”; its key was destroyed. The custody record stays.`);
    } catch {
      /* shown below */
    }
  }
  return (
    <Modal title={`Delete “${artifact.name}”`} onClose={onClose} description="Deletion destroys the artifact’s key and removes its encrypted file. It cannot be undone. The custody record stays.">
      <form onSubmit={(e) => void submit(e)} className="vault-form">
        <Field label="Reason" error={errs.fields.reason}>
          {(p) => <textarea {...p} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <FormError message={errs.general} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary danger" disabled={!reason.trim() || del.isPending}>
            Delete and destroy key
          </button>
        </div>
      </form>
    </Modal>
  );
}
