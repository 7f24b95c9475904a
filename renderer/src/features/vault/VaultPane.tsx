// The evidence vault of an incident: add evidence (drop, pick, paste, or a path on this machine),
// list it with who added it and whether its name matches its content, preview images and text
// decrypted in memory (SVG and HTML only ever as text), export, delete, and check custody.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ArtifactPreview, ArtifactSummary } from '../../../../shared/domain/vault';
import { useFocusRequest } from '../../lib/focus';
import { toastActions } from '../../lib/toasts';
import type { PaneProps } from '../../lib/workbench';
import { useApi } from '../../lib/ApiProvider';
import { useCommand } from '../../lib/queries';
import { Field, FormError } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { errorMessage } from '../../ui/errors';
import { useTimeFormat } from '../../ui/time';
import { DeleteDialog, ExportDialog } from './Dialogs';
import { base64ToBytes } from './base64';
import { RASTER_TYPES, humanSize, importArtifact } from './files';
import { nativeVaultFiles } from './upload';
import { KeyPanel, RecoveryKeyDialog } from './KeyPanel';
import { OrphanPanel } from './OrphanPanel';
import { useArtifacts, useCustody, useVaultStatus } from './queries';
import './vault.css';
import { count } from '../../../../shared/format';


/** Bytes sent of the file being added; the bar shows while a streamed upload is under way. */
function UploadProgress({ name, sent, total, onCancel }: { name: string; sent: number; total: number; onCancel: () => void }) {
  const pct = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
  return (
    <div className="vault-progress" data-testid="vault-upload-progress">
      <progress max={total || 1} value={sent} aria-label={`Uploading ${name}`} />
      <span className="muted small-text" aria-live="polite">
        {sent >= total ? `Sealing “${name}”…` : `${pct}% · ${humanSize(sent)} of ${humanSize(total)}`}
      </span>
      <button type="button" className="small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

function ImportZone({ incidentId, onBundle }: { incidentId: string; onBundle: (f: File) => void }) {
  const api = useApi();
  const { notify } = toastActions;
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const zone = useRef<HTMLDivElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const cancel = useRef<AbortController | null>(null);
  useFocusRequest('vault-import', zone);
  useEffect(() => () => cancel.current?.abort(), []);

  async function importFile(file: File, source: 'file' | 'paste') {
    if (/\.cpbundle$/i.test(file.name)) return onBundle(file);
    const ctrl = new AbortController();
    cancel.current = ctrl;
    setBusy(file.name);
    setError(null);
    // Only the browser host streams (and so has progress worth showing); Electron sends inline.
    const streamed = api.transport === 'http';
    setProgress(streamed ? { sent: 0, total: file.size } : null);
    try {
      const a = await importArtifact(api, file, {
        incidentId,
        name: file.name,
        source,
        signal: ctrl.signal,
        ...(streamed ? { onProgress: (sent: number, total: number) => setProgress({ sent, total }) } : {}),
      });
      notify(`Encrypted “${a.name}” (${humanSize(a.size)}) into the vault${a.mismatch ? ' — its name does not match its content' : ''}.`, a.mismatch ? 'error' : 'success');
    } catch (err) {
      if (ctrl.signal.aborted) notify(`Cancelled “${file.name}”; nothing was added.`, 'success');
      else setError(errorMessage(err));
    } finally {
      if (cancel.current === ctrl) cancel.current = null;
      setBusy(null);
      setProgress(null);
    }
  }
  // Electron: the system file dialog in the main process; each chosen file streams from its path
  // (any size). Elsewhere the hidden <input type=file>.
  async function chooseFiles() {
    const pick = nativeVaultFiles(api)?.pickAndImportFiles;
    if (!pick) return picker.current?.click();
    if (busy || picking) return;
    setPicking(true);
    setError(null);
    try {
      const r = await pick(incidentId);
      if (r.canceled) return;
      const [one] = r.imported;
      if (r.imported.length === 1 && one) {
        notify(`Encrypted “${one.name}” (${humanSize(one.size)}) into the vault${one.mismatch ? ' — its name does not match its content' : ''}.`, one.mismatch ? 'error' : 'success');
      } else if (r.imported.length > 1) {
        const mismatched = r.imported.filter((a) => a.mismatch).map((a) => `“${a.name}”`);
        const total = r.imported.reduce((n, a) => n + a.size, 0);
        notify(
          `Encrypted ${r.imported.length} files (${humanSize(total)}) into the vault${mismatched.length ? ` — name does not match content: ${mismatched.join(', ')}` : ''}.`,
          mismatched.length ? 'error' : 'success',
        );
      }
      if (r.errors.length) setError(r.errors.map((e) => `“${e.name}”: ${e.message}`).join(' '));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPicking(false);
    }
  }
  async function importFiles(files: Iterable<File>, source: 'file' | 'paste') {
    for (const f of files) {
      await importFile(f, source);
      if (cancel.current?.signal.aborted) break;
    }
  }

  function onPaste(e: React.ClipboardEvent) {
    const files = [...e.clipboardData.files];
    if (files.length) {
      e.preventDefault();
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      void importFiles(files.map((f, i) => new File([f], f.name && f.name !== 'image.png' ? f.name : `screenshot-${stamp}${i ? `-${i}` : ''}.png`, { type: f.type })), 'paste');
      return;
    }
    const text = e.clipboardData.getData('text/plain');
    if (text) {
      e.preventDefault();
      void importFile(new File([text], `pasted-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`, { type: 'text/plain' }), 'paste');
    }
  }
  return (
    <section className="vault-import" aria-label="Add evidence">
      <div
        ref={zone}
        className={`vault-drop ${over ? 'is-over' : ''}`}
        tabIndex={0}
        role="button"
        aria-label="Add evidence: drop files here, paste a screenshot or text, or press Enter to choose files"
        data-testid="vault-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void importFiles([...e.dataTransfer.files], 'file');
        }}
        onPaste={onPaste}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            void chooseFiles();
          }
        }}
        onClick={() => void chooseFiles()}
      >
        {picking ? 'Choose files in the system dialog; they are encrypted straight from disk…' : busy ? `Encrypting “${busy}”…` : 'Drop files, paste a screenshot or text here, or click to choose files'}
      </div>
      {nativeVaultFiles(api) && (
        <div className="vault-native">
          <button type="button" className="small" onClick={() => void chooseFiles()} disabled={!!busy || picking}>
            Add files…
          </button>
          <span className="muted small-text">Any size: files are encrypted straight from disk.</span>
        </div>
      )}
      {busy && progress && <UploadProgress name={busy} sent={progress.sent} total={progress.total} onCancel={() => cancel.current?.abort()} />}
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        data-testid="vault-file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void importFiles(files, 'file');
        }}
      />
      <FormError message={error} />
    </section>
  );
}

function BundleDialog({ file, incidentId, onClose }: { file: File; incidentId: string; onClose: () => void }) {
  const api = useApi();
  const { notify } = toastActions;
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const a = await importArtifact(api, file, { incidentId, name: file.name, bundlePassphrase: pass });
      notify(`Imported “${a.name}” from the evidence bundle; its origin is on the custody chain.`, 'success');
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }
  return (
    <Modal title={`Import bundle “${file.name}”`} onClose={onClose} description="An encrypted evidence bundle from another console. Enter the passphrase its sender shared with you.">
      <form className="vault-form" onSubmit={(e) => void submit(e)}>
        <Field label="Bundle passphrase">{(p) => <input {...p} type="password" autoComplete="off" value={pass} onChange={(e) => setPass(e.target.value)} />}</Field>
        <FormError message={error} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!pass || pending}>
            Import bundle
          </button>
        </div>
      </form>
    </Modal>
  );
}

function Preview({ preview }: { preview: ArtifactPreview }) {
  const ct = preview.artifact.contentType;
  const url = useMemo(() => (preview.kind === 'image' && preview.dataBase64 && RASTER_TYPES.has(ct) ? URL.createObjectURL(new Blob([base64ToBytes(preview.dataBase64)], { type: ct })) : null), [preview, ct]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (url) return <img className="vault-preview-img" src={url} alt={`Preview of ${preview.artifact.name}`} data-testid="vault-preview-image" />;
  if (preview.text !== null) {
    const inert = preview.artifact.family === 'svg' || preview.artifact.family === 'html';
    return (
      <>
        {inert && <p className="muted small-text">{preview.artifact.family.toUpperCase()} is shown as text and never rendered.</p>}
        <pre className="vault-preview-text" data-testid="vault-preview-text" tabIndex={0}>
          {preview.text}
        </pre>
        {preview.truncated && <p className="muted small-text">Showing the first {humanSize(preview.text.length)}; export the artifact for the rest.</p>}
      </>
    );
  }
  return <p className="muted">No preview for {ct}; export it to open it with a suitable tool.</p>;
}

function CustodyPanel({ artifactId }: { artifactId: string }) {
  const chain = useCustody(artifactId);
  const fmt = useTimeFormat();
  return (
    <ol className="vault-custody" aria-label="Custody chain">
      {(chain.data ?? []).map((c) => (
        <li key={c.index}>
          <span className="vault-custody-action">{c.action}</span> {c.actor} · <time dateTime={c.at}>{fmt.stamp(c.at, { seconds: true })}</time> · <code title={c.hash}>{c.hash.slice(0, 12)}…</code>
        </li>
      ))}
    </ol>
  );
}

function Row({ a, locked, onPreview, onExport, onDelete, selected }: { a: ArtifactSummary; locked: boolean; selected: boolean; onPreview: () => void; onExport: () => void; onDelete: () => void }) {
  const fmt = useTimeFormat();
  return (
    <tr className={selected ? 'is-selected' : ''} data-testid="vault-row">
      <td className="vault-name">
        <span title={a.name}>{a.name}</span>
        {a.mismatch && (
          <span className="vault-mismatch" title={`The name says .${a.extension || '?'} but the content is ${a.contentType}`}>
            ⚠ name ≠ content
          </span>
        )}
      </td>
      <td>{a.contentType.split(';')[0]}</td>
      <td className="num">{humanSize(a.size)}</td>
      <td>{a.addedBy}</td>
      <td>
        <time dateTime={a.addedAt} title={fmt.stamp(a.addedAt, { seconds: true })}>
          {fmt.absolute(a.addedAt)}
        </time>
      </td>
      <td className="vault-actions">
        <button type="button" className="small" onClick={onPreview} disabled={locked} aria-label={`Preview ${a.name}`}>
          Preview
        </button>
        <button type="button" className="small" onClick={onExport} disabled={locked} aria-label={`Export ${a.name}`}>
          Export
        </button>
        <button type="button" className="small" onClick={onDelete} aria-label={`Delete ${a.name}`}>
          Delete
        </button>
      </td>
    </tr>
  );
}

export function VaultPane({ incidentId }: PaneProps) {
  const api = useApi();
  const status = useVaultStatus();
  const list = useArtifacts(incidentId);
  const lock = useCommand('vault:lock');
  const read = useCommand('artifacts:read');
  const { notify } = toastActions;
  const [held, setPreview] = useState<ArtifactPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<ArtifactSummary | null>(null);
  const [deleting, setDeleting] = useState<ArtifactSummary | null>(null);
  const [bundle, setBundle] = useState<File | null>(null);
  const [verify, setVerify] = useState<string | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const s = status.data;
  const unlocked = s?.state === 'unlocked';

  // Locking wipes keys on the backend; a locked vault shows no decrypted bytes here either.
  const preview = unlocked ? held : null;

  async function showPreview(a: ArtifactSummary) {
    setPreviewError(null);
    try {
      setPreview(await read.mutateAsync({ id: a.id }));
    } catch (err) {
      setPreview(null);
      setPreviewError(errorMessage(err));
    }
  }
  async function runVerify() {
    try {
      const r = await api.invoke('custody:verify', {});
      setVerify(r.ok ? `Custody verified: ${count(r.entries, 'entry', 'entries')} over ${count(r.artifacts, 'artifact')}, all intact.` : `Custody broken at artifact ${r.firstBad!.artifactId}, entry ${r.firstBad!.index}: ${r.firstBad!.reason}.`);
    } catch (err) {
      setVerify(errorMessage(err));
    }
  }

  return (
    <div className="vault-pane" data-testid="vault-pane">
      <div className="vault-bar">
        <span className={`vault-state vault-${s?.state ?? 'loading'}`} data-testid="vault-state">
          {s ? (s.state === 'unlocked' ? `Unlocked · ${s.backend}` : s.state === 'locked' ? 'Locked' : 'No vault yet') : 'Vault…'}
        </span>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => void runVerify()}>
          Verify custody
        </button>
        {unlocked && (
          <button type="button" className="small" onClick={() => void lock.mutateAsync({}).then(() => notify('Vault locked; keys wiped from memory.', 'success'))}>
            Lock vault
          </button>
        )}
      </div>
      {verify && (
        <p className="vault-verify" role="status">
          {verify}
        </p>
      )}
      {s && <KeyPanel status={s} onCreated={setRecoveryKey} />}
      {recoveryKey && <RecoveryKeyDialog recoveryKey={recoveryKey} onClose={() => setRecoveryKey(null)} />}
      {s && <OrphanPanel status={s} incidentId={incidentId} />}
      {unlocked && <ImportZone incidentId={incidentId} onBundle={setBundle} />}
      <table className="vault-table" aria-label="Evidence in this incident">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Added by</th>
            <th scope="col">When</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((a) => (
            <Row key={a.id} a={a} locked={!unlocked} selected={preview?.artifact.id === a.id} onPreview={() => void showPreview(a)} onExport={() => setExporting(a)} onDelete={() => setDeleting(a)} />
          ))}
          {list.data?.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No evidence yet for this incident.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <FormError message={previewError ?? (list.error ? errorMessage(list.error) : null)} />
      {preview && (
        <section className="vault-preview" aria-label={`Preview of ${preview.artifact.name}`}>
          <header className="vault-preview-head">
            <strong>{preview.artifact.name}</strong>
            <span className="muted small-text">
              sha256 <code>{preview.artifact.plaintextSha256.slice(0, 16)}…</code>
            </span>
            <span className="spacer" />
            <button type="button" className="small" onClick={() => setPreview(null)}>
              Close preview
            </button>
          </header>
          <Preview preview={preview} />
          <CustodyPanel artifactId={preview.artifact.id} />
        </section>
      )}
      {exporting && <ExportDialog artifact={exporting} onClose={() => setExporting(null)} onDone={(m) => (setExporting(null), notify(m, 'success'))} />}
      {deleting && (
        <DeleteDialog
          artifact={deleting}
          onClose={() => setDeleting(null)}
          onDone={(m) => {
            if (preview?.artifact.id === deleting.id) setPreview(null);
            setDeleting(null);
            notify(m, 'success');
          }}
        />
      )}
      {bundle && <BundleDialog file={bundle} incidentId={incidentId} onClose={() => setBundle(null)} />}
    </div>
  );
}
