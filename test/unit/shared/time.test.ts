// Clock readings in one named zone: formatting, zone names, typed readings around DST changes and
// the UTC readings inside recorded text. Runs in whatever zone the machine has: nothing here may
// depend on it.
import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  formatAbsolute,
  formatClock,
  formatIsoInZone,
  formatStamp,
  isTimeZone,
  localiseReadings,
  offsetMinutes,
  parseDateAndTime,
  resolveWallTime,
  supportedTimeZones,
} from '../../../shared/time';

const T = Date.parse('2026-11-24T21:25:07Z');
const NY = 'America/New_York';

describe('formatting in a named zone', () => {
  it('prints 24-hour readings with the zone named, whatever the machine zone', () => {
    expect(formatClock(T, 'UTC')).toBe('21:25 UTC');
    expect(formatClock(T, NY)).toBe('16:25 EST');
    expect(formatClock(T, NY, { seconds: true })).toBe('16:25:07 EST');
    expect(formatClock(Date.parse('2026-07-01T12:00:00Z'), NY)).toBe('08:00 EDT');
    expect(formatClock(Date.parse('2026-11-24T05:00:00Z'), NY)).toBe('00:00 EST'); // never "24:00"
    expect(formatStamp(T, 'Asia/Kolkata')).toBe('2026-11-25 02:55 GMT+5:30');
    expect(formatIsoInZone(T, 'UTC')).toBe('2026-11-24T21:25:07Z');
    expect(formatIsoInZone(T, NY)).toBe('2026-11-24T16:25:07-05:00');
    expect(offsetMinutes(T, 'Asia/Kolkata')).toBe(330);
  });

  it('omits the date only for today in the chosen zone', () => {
    // "Now" is 23:10 UTC on the 24th, already 00:10 on the 25th in Berlin.
    const late = Date.parse('2026-11-24T22:30:00Z');
    const now = Date.parse('2026-11-24T23:10:00Z');
    expect(formatAbsolute(late, now, 'UTC')).toBe('22:30 UTC');
    expect(formatAbsolute(late, now, 'Europe/Berlin')).toBe('2026-11-24 23:30 GMT+1');
    expect(formatAbsolute(now - 60_000, now, 'Europe/Berlin', { seconds: true })).toBe('00:09:00 GMT+1');
  });

  it('validates zones with Intl and spells them as the IANA list does', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone(NY)).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('x'.repeat(65))).toBe(false);
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone(' Asia/Kolkata ')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Nowhere/Land')).toBeNull();
    expect(supportedTimeZones()[0]).toBe('UTC');
    expect(supportedTimeZones()).toContain(NY);
  });
});

describe('typed readings to instants across DST changes', () => {
  it('converts an ordinary reading in New York to UTC', () => {
    expect(resolveWallTime({ year: 2026, month: 11, day: 24, hour: 16, minute: 25 }, NY)).toEqual({ kind: 'exact', ms: Date.parse('2026-11-24T21:25:00Z') });
    expect(resolveWallTime({ year: 2026, month: 7, day: 1, hour: 8, minute: 0 }, NY)).toEqual({ kind: 'exact', ms: Date.parse('2026-07-01T12:00:00Z') });
  });

  it('on the spring-forward night: 01:59 EST and 03:00 EDT exist, 02:30 does not', () => {
    expect(resolveWallTime({ year: 2026, month: 3, day: 8, hour: 1, minute: 59 }, NY)).toEqual({ kind: 'exact', ms: Date.parse('2026-03-08T06:59:00Z') });
    expect(resolveWallTime({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY)).toEqual({ kind: 'skipped' });
    expect(resolveWallTime({ year: 2026, month: 3, day: 8, hour: 3, minute: 0 }, NY)).toEqual({ kind: 'exact', ms: Date.parse('2026-03-08T07:00:00Z') });
  });

  it('on the fall-back night: 01:30 happens twice, an hour apart (EDT, then EST)', () => {
    const r = resolveWallTime({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY);
    expect(r).toEqual({ kind: 'ambiguous', earlier: Date.parse('2026-11-01T05:30:00Z'), later: Date.parse('2026-11-01T06:30:00Z') });
    if (r.kind === 'ambiguous') expect([formatClock(r.earlier, NY), formatClock(r.later, NY)]).toEqual(['01:30 EDT', '01:30 EST']);
  });

  it('in the southern hemisphere and in UTC', () => {
    // Sydney goes forward on 2026-10-04 at 02:00 (AEST → AEDT).
    expect(resolveWallTime({ year: 2026, month: 10, day: 4, hour: 2, minute: 30 }, 'Australia/Sydney')).toEqual({ kind: 'skipped' });
    expect(resolveWallTime({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'UTC')).toEqual({ kind: 'exact', ms: Date.parse('2026-03-08T02:30:00Z') });
  });

  it('refuses readings that are not on the calendar or the 24-hour clock', () => {
    expect(resolveWallTime({ year: 2026, month: 2, day: 30, hour: 10, minute: 0 }, NY)).toEqual({ kind: 'invalid' });
    expect(resolveWallTime({ year: 2026, month: 1, day: 1, hour: 24, minute: 0 }, NY)).toEqual({ kind: 'invalid' });
    expect(parseDateAndTime('2026-11-24', '16:25')).toEqual({ year: 2026, month: 11, day: 24, hour: 16, minute: 25 });
    expect(parseDateAndTime('2026-11-24', '4:25 PM')).toBeNull();
    expect(parseDateAndTime('2026-11-24', '24:00')).toBeNull();
    expect(parseDateAndTime('24/11/2026', '16:25')).toBeNull();
  });
});

describe('UTC readings inside recorded text', () => {
  it('shows each reading that names UTC in the chosen zone and leaves the rest as written', () => {
    const text = 'Diagnosis box: try “Bad deploy” for 15 min, until 21:40 UTC; mitigated at 2026-11-24T09:30:00.000Z; seen 2026-11-23 23:59 UTC; call at 9:30';
    expect(localiseReadings(text, T, NY)).toBe('Diagnosis box: try “Bad deploy” for 15 min, until 16:40 EST; mitigated at 2026-11-24 04:30 EST; seen 2026-11-23 18:59 EST; call at 9:30');
    expect(localiseReadings(text, T, 'UTC')).toBe(text);
  });

  it('takes an undated reading on the UTC day nearest to when the text was written', () => {
    // Written at 23:55 UTC: "00:10 UTC" is fifteen minutes later, on the next day (19:10 EST on the 24th).
    expect(localiseReadings('due 00:10 UTC', Date.parse('2026-11-24T23:55:00Z'), NY)).toBe('due 19:10 EST');
    // Written in July: the same reading is in EDT.
    expect(localiseReadings('due 00:10 UTC', Date.parse('2026-07-01T23:55:00Z'), NY)).toBe('due 20:10 EDT');
  });
});
