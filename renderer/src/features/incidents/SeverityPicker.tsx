import { SEVERITIES, SEVERITY_CRITERIA, SEVERITY_TIE_BREAK, type Severity } from '../../../../shared/domain/incidents';
import { SeverityBadge } from '../../ui/Badges';

/** Radio group showing each severity's criteria, so the choice is made against the definitions. */
export function SeverityPicker({ value, onChange, error, name }: { value: Severity | null; onChange: (s: Severity) => void; error?: string | undefined; name: string }) {
  return (
    <fieldset className={`severity-picker ${error ? 'field-invalid' : ''}`} aria-describedby={`${name}-tiebreak`}>
      <legend>Severity</legend>
      <p id={`${name}-tiebreak`} className="tie-break">
        <strong>Rule:</strong> {SEVERITY_TIE_BREAK}
      </p>
      {SEVERITIES.map((s) => (
        <label key={s} className={`severity-option ${value === s ? 'selected' : ''}`}>
          <input type="radio" name={name} value={s} checked={value === s} onChange={() => onChange(s)} />
          <SeverityBadge severity={s} />
          <span className="severity-text">
            <strong>{SEVERITY_CRITERIA[s].label}.</strong> {SEVERITY_CRITERIA[s].criteria}
            <span className="severity-examples"> e.g. {SEVERITY_CRITERIA[s].examples}</span>
          </span>
        </label>
      ))}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </fieldset>
  );
}
