// Which zone every time in the console is shown in. UTC is the war-room default (vendors, logs and
// other responders speak it); this computer's zone and any IANA zone are a choice, kept across reloads.
import { useId, useState, type FormEvent } from 'react';
import { canonicalTimeZone, formatClock, supportedTimeZones, UTC } from '../../../shared/time';
import { LOCAL, localTimeZone, timeZoneActions, useZoneChoice } from '../lib/timeZone';
import { Field, FormError } from '../ui/Field';
import { Modal } from '../ui/Modal';

type Pick = 'utc' | 'local' | 'other';

export function TimeZoneDialog({ onClose }: { onClose: () => void }) {
  const choice = useZoneChoice();
  const local = localTimeZone();
  const [pick, setPick] = useState<Pick>(choice === UTC ? 'utc' : choice === LOCAL ? 'local' : 'other');
  const [other, setOther] = useState(choice !== UTC && choice !== LOCAL ? choice : '');
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  // Read once: the dialog shows what each choice would look like at the moment it opened.
  const [now] = useState(() => Date.now());
  const otherZone = canonicalTimeZone(other);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (pick === 'utc') timeZoneActions.set(UTC);
    else if (pick === 'local') timeZoneActions.set(LOCAL);
    else if (!otherZone) return setError(`“${other.trim() || ' '}” is not a time zone this console knows. Use an IANA name such as Europe/Berlin or America/New_York.`);
    else timeZoneActions.set(otherZone);
    onClose();
  }

  return (
    <Modal title="Time zone" onClose={onClose} description="Every time in the console — timeline, roles, timers, brief, vault, outbox — is shown in this zone and labelled with it.">
      <form onSubmit={submit} noValidate className="zone-form">
        <fieldset className="zone-options">
          <legend className="sr-only">Show times in</legend>
          <label className={`zone-option ${pick === 'utc' ? 'selected' : ''}`}>
            <input type="radio" name="zone" value="utc" checked={pick === 'utc'} onChange={() => setPick('utc')} data-autofocus={pick === 'utc' ? true : undefined} />
            <span>
              <strong>UTC</strong> <span className="muted">— {formatClock(now, UTC)}; recommended for a war room</span>
            </span>
          </label>
          <label className={`zone-option ${pick === 'local' ? 'selected' : ''}`}>
            <input type="radio" name="zone" value="local" checked={pick === 'local'} onChange={() => setPick('local')} data-autofocus={pick === 'local' ? true : undefined} />
            <span>
              <strong>This computer</strong> <span className="muted">— {local}, {formatClock(now, local)}</span>
            </span>
          </label>
          <label className={`zone-option ${pick === 'other' ? 'selected' : ''}`}>
            <input type="radio" name="zone" value="other" checked={pick === 'other'} onChange={() => setPick('other')} data-autofocus={pick === 'other' ? true : undefined} />
            <span>
              <strong>Another zone</strong>
            </span>
          </label>
        </fieldset>
        {pick === 'other' && (
          <Field label="IANA time zone" error={error ?? undefined} hint={otherZone ? `Now ${formatClock(now, otherZone)} in ${otherZone}` : 'e.g. Europe/Berlin, Asia/Kolkata, America/Los_Angeles'}>
            {(p) => (
              <input
                {...p}
                list={listId}
                value={other}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => {
                  setOther(e.target.value);
                  setError(null);
                }}
              />
            )}
          </Field>
        )}
        <datalist id={listId}>
          {supportedTimeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <FormError message={pick !== 'other' ? error : null} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Show times in {pick === 'utc' ? 'UTC' : pick === 'local' ? local : otherZone ?? 'this zone'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
