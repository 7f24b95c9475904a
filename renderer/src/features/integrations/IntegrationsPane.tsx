// Integrations settings: the configured integrations with their live state, add / edit (settings,
// secret, routing rules), test connection, catching up active incidents an integration never opened,
// and the last-known on-call roster with its age.
import { useState } from 'react';
import { INTEGRATION_KINDS, type CatchUpMode, type CatchUpOffer, type IntegrationInfo, type IntegrationKind, type IntegrationTestResult, type RoutingRules } from '../../../../shared/domain/sync';
import { SEVERITIES } from '../../../../shared/domain/incidents';
import { toastActions } from '../../lib/toasts';
import type { PaneProps } from '../../lib/workbench';
import { useApi } from '../../lib/ApiProvider';
import { useCommand } from '../../lib/queries';
import { errorMessage, fieldErrors } from '../../ui/errors';
import { Field, FormError } from '../../ui/Field';
import { RelativeTime } from '../../ui/time';
import { count } from '../../../../shared/format';
import { CatchUpAllButton, CatchUpButton, linkWord, useCatchUpOffers, useSyncStatus } from '../outbox';
import { KINDS } from './kinds';
import { useIntegrations, useOnCall } from './queries';
import './integrations.css';

const RULES: Array<{ key: Exclude<keyof RoutingRules, 'minSeverity' | 'catchUp'>; label: string }> = [
  { key: 'onDeclare', label: 'When an incident is declared' },
  { key: 'onSeverityChange', label: 'When severity is raised into range' },
  { key: 'onStatusChange', label: 'On status changes' },
  { key: 'onResolve', label: 'On resolve (resolves pages)' },
  { key: 'onTimeline', label: 'Timeline notes, decisions, actions' },
  { key: 'includeExercises', label: 'Include exercises (never for pagers or public pages)' },
];

const CATCH_UP: Array<{ mode: CatchUpMode; label: string }> = [
  { mode: 'offer', label: 'Offer to open them here' },
  { mode: 'auto', label: 'Open them here when saved' },
  { mode: 'never', label: 'Leave them' },
];

/**
 * Active incidents this integration never opened (they began before it was added or enabled): one
 * action per incident, and all at once.
 */
function CatchUpOffers({ name, offers }: { name: string; offers: CatchUpOffer[] }) {
  if (offers.length === 0) return null;
  const n = offers.length;
  return (
    <div className="catch-up" role="group" aria-label={`Catch up ${name}`} data-testid={`catch-up-${name}`}>
      <span>
        {n} active incident{n === 1 ? '' : 's'} began before {name} was connected and {n === 1 ? 'is' : 'are'} not opened there:
      </span>
      {offers.map((o) => (
        <CatchUpButton key={o.incidentId} offer={o} />
      ))}
      {n > 1 && <CatchUpAllButton integration={name} count={n} />}
    </div>
  );
}

function Editor({ existing, onDone }: { existing: IntegrationInfo | null; onDone: () => void }) {
  const configure = useCommand('integrations:configure');
  const { notify } = toastActions;
  const [kind, setKind] = useState<IntegrationKind>(existing?.kind ?? 'pagerduty');
  const info = KINDS[kind];
  const [name, setName] = useState(existing?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? '');
  const [settings, setSettings] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(Object.entries(existing?.settings ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : typeof v === 'boolean' ? v : String(v)])),
  );
  const [secret, setSecret] = useState('');
  const [routing, setRouting] = useState<Partial<RoutingRules>>(existing?.routing ?? {});
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const errs = fieldErrors(configure.error, ['name', 'baseUrl', 'secret', 'settings']);
  const [pasteError, setPasteError] = useState<string | null>(null);

  /** Fill the form from one line printed by `npm run fakes` (or any integrations:configure JSON). */
  function paste(text: string) {
    if (!text.trim()) return;
    try {
      const v = JSON.parse(text) as { kind?: string; name?: string; baseUrl?: string; settings?: Record<string, unknown>; secret?: string };
      if (!v.kind || !(INTEGRATION_KINDS as readonly string[]).includes(v.kind)) throw new Error('no known "kind"');
      setKind(v.kind as IntegrationKind);
      if (v.name && !existing) setName(v.name);
      if (v.baseUrl) setBaseUrl(v.baseUrl);
      if (v.secret) setSecret(v.secret);
      setSettings(Object.fromEntries(Object.entries(v.settings ?? {}).map(([k, x]) => [k, Array.isArray(x) ? x.join(', ') : typeof x === 'boolean' ? x : String(x)])));
      setPasteError(null);
    } catch (err) {
      setPasteError(`Not integration settings: ${errorMessage(err)}`);
    }
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const out: Record<string, string | boolean | string[]> = {};
    for (const f of info.fields) {
      const v = settings[f.key];
      if (f.type === 'bool') out[f.key] = v === true;
      else if (typeof v === 'string' && v.trim()) out[f.key] = f.type === 'list' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v.trim();
    }
    try {
      await configure.mutateAsync({
        kind,
        name: name.trim(),
        settings: out,
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
        ...(secret ? { secret } : {}),
        routing,
        enabled,
      });
      notify(`Saved ${name}.`, 'success');
      onDone();
    } catch {
      // shown inline
    }
  }

  return (
    <form className="integration-editor" onSubmit={(e) => void save(e)} aria-label={existing ? `Edit ${existing.name}` : 'Add an integration'}>
      <Field label="Paste settings (optional)" error={pasteError ?? undefined} hint="One line from npm run fakes, or integrations:configure JSON; it fills the form below.">
        {(p) => <textarea {...p} rows={2} onChange={(e) => paste(e.target.value)} placeholder='{"kind":"pagerduty","name":"pagerduty","baseUrl":"http://127.0.0.1:4900",…}' />}
      </Field>
      <div className="editor-grid">
        <Field label="Vendor">
          {(p) => (
            <select {...p} value={kind} disabled={!!existing} onChange={(e) => setKind(e.target.value as IntegrationKind)}>
              {INTEGRATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KINDS[k].label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" error={errs.fields.name} hint="lower-case, e.g. pagerduty-payments">
          {(p) => <input {...p} value={name} disabled={!!existing} onChange={(e) => setName(e.target.value)} required maxLength={40} />}
        </Field>
        <Field label="Base URL" error={errs.fields.baseUrl} hint={`Default ${info.defaultBaseUrl || 'the webhook URL'}; point it at a proxy or the local fakes (npm run fakes).`}>
          {(p) => <input {...p} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder={info.defaultBaseUrl} />}
        </Field>
        <Field label={`Secret: ${info.secretLabel}`} error={errs.fields.secret} hint={existing?.hasSecret ? 'Stored in the key store. Leave empty to keep it.' : 'Stored in the key store, never in the database.'}>
          {(p) => <input {...p} type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />}
        </Field>
        {info.fields.map((f) =>
          f.type === 'bool' ? (
            <label key={f.key} className="check">
              <input type="checkbox" checked={settings[f.key] === true || (settings[f.key] === undefined && f.key === 'perIncidentChannel')} onChange={(e) => setSettings({ ...settings, [f.key]: e.target.checked })} /> {f.label}
            </label>
          ) : (
            <Field key={f.key} label={f.label} hint={f.hint}>
              {(p) => <input {...p} value={String(settings[f.key] ?? '')} required={f.required} onChange={(e) => setSettings({ ...settings, [f.key]: e.target.value })} />}
            </Field>
          ),
        )}
      </div>
      {info.note && <p className="muted">{info.note}</p>}
      <fieldset className="routing">
        <legend>Routing rules</legend>
        <Field label="Act for incidents at or above">
          {(p) => (
            <select {...p} value={routing.minSeverity ?? ''} onChange={(e) => setRouting({ ...routing, ...(e.target.value ? { minSeverity: e.target.value as RoutingRules['minSeverity'] } : {}) })}>
              <option value="">Default for {info.label}</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        {RULES.filter((r) => !(info.public && r.key === 'onTimeline')).map((r) => (
          <label key={r.key} className="check">
            <input type="checkbox" checked={routing[r.key] ?? false} ref={(el) => void (el && (el.indeterminate = routing[r.key] === undefined))} onChange={(e) => setRouting({ ...routing, [r.key]: e.target.checked })} /> {r.label}
          </label>
        ))}
        <Field label="Incidents already active when saved" hint="They began before this integration could open them (no channel, status page incident or page yet).">
          {(p) => (
            <select {...p} value={routing.catchUp ?? 'offer'} onChange={(e) => setRouting({ ...routing, catchUp: e.target.value as CatchUpMode })}>
              {CATCH_UP.map((c) => (
                <option key={c.mode} value={c.mode}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
        </label>
      </fieldset>
      <FormError message={errs.general} />
      <div className="editor-actions">
        <button type="submit" className="primary" disabled={configure.isPending}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function IntegrationsPane(_props: PaneProps) {
  const api = useApi();
  const list = useIntegrations();
  const sync = useSyncStatus();
  const oncall = useOnCall();
  const offers = useCatchUpOffers();
  const [editing, setEditing] = useState<IntegrationInfo | 'new' | null>(null);
  const [tests, setTests] = useState<Record<string, IntegrationTestResult | 'running' | string>>({});

  async function test(name: string) {
    setTests((t) => ({ ...t, [name]: 'running' }));
    try {
      const r = await api.invoke('integrations:test', { name });
      setTests((t) => ({ ...t, [name]: r }));
    } catch (err) {
      setTests((t) => ({ ...t, [name]: errorMessage(err) }));
    }
  }

  return (
    <section className="integrations-pane" aria-label="Integrations">
      <div className="section-head">
        <h3>Integrations</h3>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => setEditing('new')} disabled={editing !== null}>
          Add integration…
        </button>
      </div>
      {editing !== null && <Editor existing={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {list.data?.length === 0 && editing === null && <p className="muted">No integrations yet. Run <code>npm run fakes</code> to try each vendor against local sandboxes.</p>}
      <ul className="integration-list">
        {list.data?.map((i) => {
          const s = sync.data?.integrations.find((x) => x.name === i.name);
          const t = tests[i.name];
          return (
            <li key={i.name} className={`integration link-${s?.state ?? 'unknown'}`} data-testid={`integration-${i.name}`}>
              <div className="integration-head">
                <span className="dot" aria-hidden="true" />
                <strong>{i.name}</strong> <span className="muted">{KINDS[i.kind].label}</span>
                <span className="muted">
                  {s ? `${linkWord(s)}${s.pending ? ` · ${s.pending} waiting` : ''}${s.dead ? ` · ${count(s.dead, 'needs', 'need')} attention` : ''}` : ''} · last synced {i.lastSyncedAt ? <RelativeTime iso={i.lastSyncedAt} /> : 'never'}
                  {i.enabled ? '' : ' · disabled'}
                </span>
                <span className="spacer" />
                <button type="button" className="small" onClick={() => void test(i.name)} disabled={t === 'running'}>
                  Test connection
                </button>
                <button type="button" className="small" onClick={() => setEditing(i)} disabled={editing !== null}>
                  Edit…
                </button>
              </div>
              <div className="muted integration-rules">
                Pages/posts from {i.routing.minSeverity} up
                {i.routing.onResolve ? '; resolves on resolve' : ''}
                {i.routing.onTimeline ? '; forwards timeline notes' : ''}
                {i.hasSecret ? '' : '; no secret stored'}
              </div>
              <CatchUpOffers name={i.name} offers={(offers.data ?? []).filter((o) => o.integration === i.name)} />
              {t && (
                <div role="status" className={typeof t === 'object' ? (t.ok ? 'test-ok' : 'test-bad') : 'muted'}>
                  {t === 'running' ? 'Testing…' : typeof t === 'string' ? t : `${t.ok ? '✓' : '✗'} ${t.message}${t.status ? ` (HTTP ${t.status}` : ' ('}${t.status ? ', ' : ''}${t.latencyMs} ms)`}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {oncall.data && oncall.data.length > 0 && (
        <>
          <h3>On call</h3>
          <ul className="oncall-list">
            {oncall.data.map((r) => (
              <li key={r.integration}>
                <strong>{r.integration}</strong>{' '}
                <span className={r.stale ? 'oncall-stale' : 'muted'}>
                  {r.fetchedAt ? (
                    <>
                      {r.stale ? 'last known, ' : 'updated '}
                      <RelativeTime iso={r.fetchedAt} />
                    </>
                  ) : (
                    'not fetched yet'
                  )}
                </span>
                <ul>
                  {r.entries.map((e, n) => (
                    <li key={n}>
                      {e.user} <span className="muted">— {e.schedule}{e.level ? `, level ${e.level}` : ''}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
