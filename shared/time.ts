// Clock readings for people, in ONE named zone. A war room spans zones and machines, so every time a
// person reads says which zone it is in ("21:25 UTC", "16:25 EST") and uses the 24-hour clock; the
// renderer formats in the zone the user chose (renderer/src/ui/time.ts), the core in UTC unless a
// caller names a zone. Stored and exported instants stay ISO-8601 UTC ("…Z"): this module is only
// for what a person reads or types.
//
// Everything goes through Intl with an explicit timeZone, never the machine's local zone, so a
// browser in New York and a core in UTC print the same reading for the same choice.

export const UTC = 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone: constructing Intl.DateTimeFormat costs far more than formatting. */
function partsFormat(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // en-US only for the zone's short name ("EST"); the digits are assembled below, not localised.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether Intl knows `tz` as a time zone ("UTC", "Europe/Berlin"; not "Mars/Base" or "EST5"). */
export function isTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  try {
    partsFormat(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone as the IANA list spells it ("europe/berlin" → "Europe/Berlin"), keeping the name the
 * person chose where ICU would swap in a legacy alias (it answers "Asia/Calcutta" for "Asia/Kolkata");
 * null when Intl does not know it.
 */
export function canonicalTimeZone(tz: string): string | null {
  const name = typeof tz === 'string' ? tz.trim() : '';
  if (!isTimeZone(name)) return null;
  const listed = supportedTimeZones().find((z) => z.toLowerCase() === name.toLowerCase());
  return listed ?? name;
}

/** The zone this machine is in, as Intl reports it (UTC when it reports none). */
export function machineTimeZone(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || UTC;
  } catch {
    return UTC;
  }
}

/** Every IANA zone this runtime knows, UTC first (for pickers). */
export function supportedTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const list = intl.supportedValuesOf?.('timeZone') ?? [];
  return [UTC, ...list.filter((z) => z !== UTC)];
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of instant `ms` in zone `tz`, and the zone's short name then. */
export function wallTime(ms: number, tz: string): WallTime & { zoneName: string } {
  const out: Record<string, string> = {};
  for (const p of partsFormat(tz).formatToParts(ms)) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour) % 24,
    minute: Number(out.minute),
    second: Number(out.second),
    zoneName: out.timeZoneName ?? tz,
  };
}

/** Minutes the zone is ahead of UTC at instant `ms` (New York in winter: -300). */
export function offsetMinutes(ms: number, tz: string): number {
  const w = wallTime(ms, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The zone's short name at instant `ms`: "UTC", "EST", "EDT", "GMT+1". */
export function zoneName(ms: number, tz: string): string {
  return wallTime(ms, tz).zoneName;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "21:25 UTC" (or "21:25:07 UTC"): 24-hour time with the zone named. */
export function formatClock(ms: number, tz: string, opts: { seconds?: boolean } = {}): string {
  const w = wallTime(ms, tz);
  return `${pad(w.hour)}:${pad(w.minute)}${opts.seconds ? `:${pad(w.second)}` : ''} ${w.zoneName}`;
}

/** "2026-11-24" in zone `tz`. */
export function formatDate(ms: number, tz: string): string {
  const w = wallTime(ms, tz);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** "2026-11-24 21:25 UTC": date, 24-hour time and zone. */
export function formatStamp(ms: number, tz: string, opts: { seconds?: boolean } = {}): string {
  return `${formatDate(ms, tz)} ${formatClock(ms, tz, opts)}`;
}

/** Today's readings omit the date (today in zone `tz`, not on this machine). */
export function formatAbsolute(ms: number, now: number, tz: string, opts: { seconds?: boolean } = {}): string {
  return formatDate(ms, tz) === formatDate(now, tz) ? formatClock(ms, tz, opts) : formatStamp(ms, tz, opts);
}

/** ISO-8601 with the zone's offset ("2026-11-24T16:25:00-05:00"; "…Z" in UTC), for exports given a zone. */
export function formatIsoInZone(ms: number, tz: string): string {
  if (tz === UTC) return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const w = wallTime(ms, tz);
  const off = offsetMinutes(ms, tz);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

// ---------------------------------------------------------------------------------------------
// From a typed wall-clock reading to an instant

export type ZonedResolution =
  | { kind: 'exact'; ms: number }
  /** The reading happens twice (clocks went back): both instants, earlier first. */
  | { kind: 'ambiguous'; earlier: number; later: number }
  /** The reading never happens (clocks went forward past it). */
  | { kind: 'skipped' }
  | { kind: 'invalid' };

/**
 * The instant(s) a wall-clock reading names in zone `tz`. A zone changes its offset at most once in
 * any 28 hours, so the offsets 14 h either side of the reading are the only candidates; a candidate
 * counts only if it reads back as the same wall time.
 */
export function resolveWallTime(t: Omit<WallTime, 'second'> & { second?: number }, tz: string): ZonedResolution {
  const second = t.second ?? 0;
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, second);
  const back = new Date(wall);
  const inRange = t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && second >= 0 && second <= 59;
  if (!inRange || Number.isNaN(wall) || back.getUTCFullYear() !== t.year || back.getUTCMonth() !== t.month - 1 || back.getUTCDate() !== t.day) return { kind: 'invalid' };
  const H14 = 14 * 3_600_000;
  const candidates = new Set<number>();
  for (const probe of [wall - H14, wall + H14]) candidates.add(wall - offsetMinutes(probe, tz) * 60_000);
  const matches = [...candidates]
    .filter((ms) => {
      const w = wallTime(ms, tz);
      return w.year === t.year && w.month === t.month && w.day === t.day && w.hour === t.hour && w.minute === t.minute && w.second === second;
    })
    .sort((a, b) => a - b);
  if (matches.length === 0) return { kind: 'skipped' };
  if (matches.length === 1) return { kind: 'exact', ms: matches[0]! };
  return { kind: 'ambiguous', earlier: matches[0]!, later: matches[matches.length - 1]! };
}

/** "2026-11-24" and "21:25" (24-hour) → their parts; null when either is not well-formed. */
export function parseDateAndTime(date: string, time: string): Omit<WallTime, 'second'> | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const c = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!d || !c) return null;
  return { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]), hour: Number(c[1]), minute: Number(c[2]) };
}

// ---------------------------------------------------------------------------------------------
// Readings inside recorded text

// An ISO instant ("…T09:30:00.000Z"), a dated UTC reading ("2026-11-24 09:30 UTC") or a clock
// reading that names UTC ("09:30 UTC"). Only readings that name their zone are touched: a bare
// "09:30" could mean anything and is left as written.
const READING = /\b(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?Z\b|\b(?:(\d{4})-(\d{2})-(\d{2}) )?([01]\d|2[0-3]):([0-5]\d) UTC\b/g;
const DAY = 86_400_000;

/**
 * Recorded text (the core writes its readings in UTC, and people often do) with every reading that
 * names UTC shown in zone `tz` instead, so one entry never shows two zones. A clock reading without
 * a date is taken on the UTC day that puts it nearest to `anchorMs` (when the text was written).
 */
export function localiseReadings(text: string, anchorMs: number, tz: string): string {
  if (tz === UTC || !text.includes(':')) return text;
  return text.replace(READING, (whole, iy, imo, id, ih, imi, is, dy, dmo, dd, h, mi) => {
    if (iy !== undefined) {
      const ms = Date.UTC(Number(iy), Number(imo) - 1, Number(id), Number(ih), Number(imi), Number(is ?? 0));
      return Number.isNaN(ms) ? whole : formatStamp(ms, tz);
    }
    if (dy !== undefined) {
      const ms = Date.UTC(Number(dy), Number(dmo) - 1, Number(dd), Number(h), Number(mi));
      return Number.isNaN(ms) ? whole : formatStamp(ms, tz);
    }
    const day = Math.floor(anchorMs / DAY) * DAY;
    const sameDay = day + (Number(h) * 60 + Number(mi)) * 60_000;
    const nearest = [sameDay - DAY, sameDay, sameDay + DAY].reduce((a, b) => (Math.abs(b - anchorMs) < Math.abs(a - anchorMs) ? b : a));
    return formatClock(nearest, tz);
  });
}
