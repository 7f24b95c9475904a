// Import a service catalog. A malformed file lists every problem with its document and line and
// changes nothing; a good one reports what it found, including unknown references and cycles.
import { useState } from 'react';
import type { CatalogImportResult } from '../../../../shared/domain/catalog';
import { AppError } from '../../../../shared/errors';
import { useCommand } from '../../lib/queries';
import { useErrorUntilChanged } from '../../ui/errors';
import { FileOrPaste } from '../../ui/FileOrPaste';
import { Field } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { count } from '../../../../shared/format';

type Format = 'backstage' | 'json' | 'yaml';

export function CatalogImportDialog({ onClose }: { onClose: () => void }) {
  const [format, setFormat] = useState<Format>('backstage');
  const [content, setContent] = useState('');
  const [result, setResult] = useState<CatalogImportResult | null>(null);
  const importer = useCommand('catalog:import');
  // A refused file stays listed until the content or the format is changed.
  const importError = useErrorUntilChanged(importer.error, [format, content]);
  const issues = importError instanceof AppError ? (importError.issues ?? []) : [];

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setResult(null);
    try {
      setResult(await importer.mutateAsync({ format, content }));
    } catch {
      /* listed below */
    }
  }

  return (
    <Modal title="Import service catalog" onClose={onClose} wide description="Replaces the catalog. Backstage catalog-info.yaml (multi-document: Component, Resource, System, API) or the simple JSON/YAML list. Nothing changes unless the whole file is valid.">
      <form onSubmit={(e) => void submit(e)} className="catalog-import">
        <Field label="Format">
          {(p) => (
            <select {...p} value={format} onChange={(e) => setFormat(e.target.value as Format)} data-autofocus>
              <option value="backstage">Backstage catalog-info.yaml</option>
              <option value="yaml">Simple YAML (services: [...])</option>
              <option value="json">Simple JSON ({'{"services": [...]}'})</option>
            </select>
          )}
        </Field>
        <FileOrPaste
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
          content={content}
          onContent={setContent}
          onFileName={(name) => name.endsWith('.json') && setFormat('json')}
          rows={10}
          mono
        />
        {importError && (
          <div className="form-error" role="alert" data-testid="catalog-import-error">
            <p>{importError.message}</p>
            {issues.length > 0 && (
              <ul className="issue-list">
                {issues.map((i) => (
                  <li key={i.path + i.message}>
                    <strong>{i.path}</strong>: {i.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {result && (
          <div className="import-result" role="status" data-testid="catalog-import-result">
            <p>
              <strong>
                Imported {count(result.services, 'service')} and {count(result.edges, 'dependency', 'dependencies')}.
              </strong>
              {result.ignored.length > 0 && ` Ignored ${count(result.ignored.length, 'other entity', 'other entities')} (${[...new Set(result.ignored.map((i) => i.kind))].join(', ')}).`}
            </p>
            {result.unknownRefs.length > 0 && (
              <details open>
                <summary>{result.unknownRefs.length} unknown references (not in the catalog)</summary>
                <ul className="issue-list">
                  {result.unknownRefs.map((u) => (
                    <li key={`${u.from}${u.ref}${u.line}`}>
                      document {u.document}, line {u.line}: {u.from} {u.field} → <code>{u.ref}</code>
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {result.cycles.length > 0 && (
              <details open>
                <summary>{result.cycles.length} dependency cycle{result.cycles.length === 1 ? '' : 's'} (allowed, shown on the map)</summary>
                <ul className="issue-list">
                  {result.cycles.map((c) => (
                    <li key={c.join()}>{c.join(' ⇄ ')}</li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={!content.trim() || importer.isPending}>
            {importer.isPending ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
