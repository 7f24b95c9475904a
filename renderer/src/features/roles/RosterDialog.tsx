// The people roster: add/edit/remove in the app, or import CSV/JSON; a failed import lists every
// bad line and changes nothing.
import { useMemo, useState } from 'react';
import type { Contact, Person } from '../../../../shared/domain/roles';
import { AppError } from '../../../../shared/errors';
import { toastActions } from '../../lib/toasts';
import { useCommand } from '../../lib/queries';
import { errorMessage, useErrorUntilChanged, useFieldErrors } from '../../ui/errors';
import { FileOrPaste } from '../../ui/FileOrPaste';
import { Field, FormError } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { VirtualRows } from '../../ui/VirtualRows';
import { matchPeople } from './people';

const ROSTER_ROW_HEIGHT = 52;

function parseContacts(s: string): Contact[] {
  return s
    .split(/[\n;]/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf(':');
      return i > 0 ? { channel: l.slice(0, i).trim(), value: l.slice(i + 1).trim() } : { channel: 'contact', value: l };
    });
}

export function RosterDialog({ people, onClose }: { people: Person[]; onClose: () => void }) {
  const { notify } = toastActions;
  const upsert = useCommand('roster:upsert');
  const remove = useCommand('roster:remove');
  const importer = useCommand('roster:import');
  const [editing, setEditing] = useState<Person | null>(null);
  const [form, setForm] = useState({ handle: '', name: '', team: '', contacts: '' });
  const [tab, setTab] = useState<'people' | 'import'>('people');
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [content, setContent] = useState('');
  const [query, setQuery] = useState('');
  const shown = useMemo(() => matchPeople(people, query), [people, query]);

  function edit(p: Person | null) {
    setEditing(p);
    setForm(p ? { handle: p.handle, name: p.name, team: p.team, contacts: p.contacts.map((c) => `${c.channel}: ${c.value}`).join('\n') } : { handle: '', name: '', team: '', contacts: '' });
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    try {
      await upsert.mutateAsync({ handle: form.handle.trim(), name: form.name, team: form.team, contacts: parseContacts(form.contacts) });
      notify(`${form.name} saved to the roster.`, 'success');
      edit(null);
    } catch {
      /* shown inline */
    }
  }

  async function doImport(e: React.FormEvent) {
    e.preventDefault();
    try {
      const r = await importer.mutateAsync({ format, content });
      notify(`Imported ${r.created} new and ${r.updated} updated ${r.created + r.updated === 1 ? 'person' : 'people'}.`, 'success');
      setContent('');
      setTab('people');
    } catch {
      /* shown inline */
    }
  }

  const errs = useFieldErrors(upsert.error, ['handle', 'name', 'team', 'contacts'], form);
  // A refused import stays on screen until the content or the format is changed.
  const importError = useErrorUntilChanged(importer.error, [format, content]);
  const importIssues = importError instanceof AppError ? (importError.issues ?? []) : [];

  return (
    <Modal title="People roster" onClose={onClose} wide description="Everyone who can hold a role: name, handle, team and how to reach them.">
      <div role="tablist" aria-label="Roster views" className="roster-tabs">
        <button type="button" role="tab" aria-selected={tab === 'people'} className={tab === 'people' ? 'primary small' : 'small'} onClick={() => setTab('people')}>
          People ({people.length})
        </button>
        <button type="button" role="tab" aria-selected={tab === 'import'} className={tab === 'import' ? 'primary small' : 'small'} onClick={() => setTab('import')}>
          Import CSV / JSON
        </button>
      </div>
      {tab === 'people' ? (
        <div className="roster-editor">
          <div className="roster-list-col">
            <input type="search" aria-label="Find a person" placeholder="Find a person (name, @handle, team)…" value={query} onChange={(e) => setQuery(e.target.value)} />
            <p className="muted small-text roster-hint">{shown.length === people.length ? `${people.length} people` : `${shown.length} of ${people.length} people match`}</p>
            <VirtualRows
              className="roster-list"
              label="People"
              count={shown.length}
              rowHeight={ROSTER_ROW_HEIGHT}
              rowKey={(i) => shown[i]!.handle}
              renderRow={(i) => {
                const p = shown[i]!;
                return (
                  <div className="roster-row">
                    <span className="roster-row-text">
                      <span className="roster-row-line">
                        <strong>{p.name}</strong> <span className="muted">@{p.handle}</span> {p.team && <span className="muted">· {p.team}</span>}
                      </span>
                      <span className="muted small-text roster-row-line">{p.contacts.map((c) => `${c.channel}: ${c.value}`).join(' · ') || 'no contact channels'}</span>
                    </span>
                    <span className="roster-row-actions">
                      <button type="button" className="small" onClick={() => edit(p)} aria-label={`Edit ${p.name}`}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="small"
                        aria-label={`Remove ${p.name}`}
                        onClick={() => void remove.mutateAsync({ handle: p.handle }).catch((err: unknown) => notify(errorMessage(err), 'error'))}
                      >
                        Remove
                      </button>
                    </span>
                  </div>
                );
              }}
            />
          </div>
          <form onSubmit={(e) => void save(e)} className="roster-form" aria-label={editing ? `Edit ${editing.name}` : 'Add a person'}>
            <h3>{editing ? `Edit ${editing.name}` : 'Add a person'}</h3>
            <Field label="Name" error={errs.fields.name}>
              {(p) => <input {...p} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}
            </Field>
            <Field label="Handle" error={errs.fields.handle} hint="lower-case, e.g. dana">
              {(p) => <input {...p} value={form.handle} readOnly={!!editing} onChange={(e) => setForm({ ...form, handle: e.target.value })} />}
            </Field>
            <Field label="Team" error={errs.fields.team}>
              {(p) => <input {...p} value={form.team} onChange={(e) => setForm({ ...form, team: e.target.value })} />}
            </Field>
            <Field label="Contact channels" error={errs.fields.contacts} hint="one per line, e.g. slack: @dana">
              {(p) => <textarea {...p} rows={3} value={form.contacts} onChange={(e) => setForm({ ...form, contacts: e.target.value })} />}
            </Field>
            <FormError message={errs.general} />
            <div className="modal-actions">
              {editing && (
                <button type="button" onClick={() => edit(null)}>
                  New person
                </button>
              )}
              <button type="submit" className="primary" disabled={upsert.isPending}>
                Save
              </button>
            </div>
          </form>
        </div>
      ) : (
        <form onSubmit={(e) => void doImport(e)} className="roster-import">
          <Field label="Format">
            {(p) => (
              <select {...p} value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'json')}>
                <option value="csv">CSV (header: name, handle, team, then one column per contact channel)</option>
                <option value="json">JSON (a list of {'{handle, name, team, contacts}'})</option>
              </select>
            )}
          </Field>
          <FileOrPaste
            accept=".csv,.json,text/csv,application/json"
            content={content}
            onContent={setContent}
            onFileName={(name) => name.endsWith('.json') && setFormat('json')}
            rows={8}
            placeholder={'name,handle,team,email,slack\nDana Whitfield,dana,SRE,dana@example.com,@dana'}
          />
          {importError && (
            <div className="form-error" role="alert">
              <p>{importError.message}</p>
              {importIssues.length > 0 && (
                <ul className="issue-list">
                  {importIssues.map((i) => (
                    <li key={i.path + i.message}>
                      <strong>{i.path}</strong>: {i.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <div className="modal-actions">
            <button type="submit" className="primary" disabled={!content.trim() || importer.isPending}>
              Import
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
