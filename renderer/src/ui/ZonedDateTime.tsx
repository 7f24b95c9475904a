// A date and a 24-hour time typed in the zone the console shows (never the browser's 12-hour
// <input type="time">), with the zone named beside it and the instant it stands for in UTC. Around a
// DST change a reading may not exist (clocks went forward) or happen twice (clocks went back): the
// first is refused with the reason, the second asks which of the two is meant.
import { useId, useState } from 'react';
import { formatClock, formatDate, formatStamp, parseDateAndTime, resolveWallTime, UTC, wallTime } from '../../../shared/time';

export type ZonedValue = { ok: true; ms: number } | { ok: false; error: string };

/** What a typed date and time stand for in `zone` (`later` picks the second of a repeated reading). */
export function readZoned(date: string, time: string, zone: string, later = false): ZonedValue {
  const parts = parseDateAndTime(date, time);
  if (!parts) return { ok: false, error: 'Use a date as YYYY-MM-DD and a 24-hour time as HH:MM, e.g. 2026-11-24 and 16:25.' };
  const r = resolveWallTime(parts, zone);
  if (r.kind === 'invalid') return { ok: false, error: `${date.trim()} is not a date on the calendar.` };
  if (r.kind === 'skipped') return { ok: false, error: `${time.trim()} does not exist on ${date.trim()} in ${zone}: the clocks went forward past it. Pick a time outside the gap.` };
  if (r.kind === 'ambiguous') return { ok: true, ms: later ? r.later : r.earlier };
  return { ok: true, ms: r.ms };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The date and 24-hour time of `ms` in `zone`, as the fields hold them. */
export function zonedFields(ms: number, zone: string): { date: string; time: string } {
  const w = wallTime(ms, zone);
  return { date: formatDate(ms, zone), time: `${pad(w.hour)}:${pad(w.minute)}` };
}

export interface ZonedDateTimeProps {
  label: string;
  zone: string;
  date: string;
  time: string;
  /** Which of a repeated reading (the hour clocks go back) is meant. */
  later: boolean;
  onChange(next: { date: string; time: string; later: boolean }): void;
  error?: string | undefined;
  autoFocus?: boolean;
}

export function ZonedDateTime({ label, zone, date, time, later, onChange, error, autoFocus }: ZonedDateTimeProps) {
  const id = useId();
  const [touched, setTouched] = useState(false);
  const parts = parseDateAndTime(date, time);
  const resolution = parts ? resolveWallTime(parts, zone) : null;
  const value = readZoned(date, time, zone, later);
  const shownError = error ?? (touched && !value.ok ? value.error : undefined);
  const zoneLabel = value.ok ? formatClock(value.ms, zone).split(' ').slice(1).join(' ') : zone;
  return (
    <fieldset className={`field zoned-datetime ${shownError ? 'field-invalid' : ''}`} aria-describedby={`${id}-hint${shownError ? ` ${id}-error` : ''}`}>
      <legend>{label}</legend>
      <div className="zoned-inputs">
        <label>
          <span className="sr-only">Date (YYYY-MM-DD)</span>
          <input
            value={date}
            onChange={(e) => onChange({ date: e.target.value, time, later })}
            onBlur={() => setTouched(true)}
            placeholder="YYYY-MM-DD"
            inputMode="numeric"
            autoComplete="off"
            size={11}
            aria-invalid={!!shownError}
            aria-label={`${label}: date (YYYY-MM-DD)`}
            data-autofocus={autoFocus ? true : undefined}
          />
        </label>
        <label>
          <span className="sr-only">Time (24-hour HH:MM)</span>
          <input
            value={time}
            onChange={(e) => onChange({ date, time: e.target.value, later })}
            onBlur={() => setTouched(true)}
            placeholder="HH:MM"
            inputMode="numeric"
            autoComplete="off"
            size={6}
            aria-invalid={!!shownError}
            aria-label={`${label}: time, 24-hour (HH:MM)`}
          />
        </label>
        <span className="zoned-zone" title={zone}>
          {zoneLabel}
          {zoneLabel !== zone ? <span className="muted"> · {zone}</span> : null}
        </span>
      </div>
      {resolution?.kind === 'ambiguous' && (
        <div className="zoned-ambiguous" role="radiogroup" aria-label={`${time.trim()} happens twice on ${date.trim()}`}>
          <span className="muted small-text">{time.trim()} happens twice on this day (the clocks go back):</span>
          <label>
            <input type="radio" name={`${id}-which`} checked={!later} onChange={() => onChange({ date, time, later: false })} /> {formatClock(resolution.earlier, zone)} (first)
          </label>
          <label>
            <input type="radio" name={`${id}-which`} checked={later} onChange={() => onChange({ date, time, later: true })} /> {formatClock(resolution.later, zone)} (an hour later)
          </label>
        </div>
      )}
      <div id={`${id}-hint`} className="field-hint">
        {value.ok ? (zone === UTC ? '24-hour time in UTC.' : `24-hour time in ${zone}; recorded as ${formatStamp(value.ms, UTC)}.`) : `24-hour time in ${zone}.`}
      </div>
      {shownError && (
        <div id={`${id}-error`} className="field-error" role="alert">
          {shownError}
        </div>
      )}
    </fieldset>
  );
}
