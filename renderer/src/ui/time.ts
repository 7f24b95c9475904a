// The renderer's one place for showing time. Every absolute reading is in the zone the user chose
// (lib/timeZone.ts, UTC by default), on the 24-hour clock, with the zone named ("21:25 UTC",
// "16:25 EST"); relative readings never run ahead of what happened. The formatting itself is
// shared/time.ts, which the core uses too; nothing else in the renderer formats a date.
import { createElement, useSyncExternalStore } from 'react';
import { formatAbsolute as absoluteIn, formatClock, formatDate, formatStamp, localiseReadings, zoneName } from '../../../shared/time';
import { currentTimeZone, useTimeZone } from '../lib/timeZone';

/**
 * How far ahead of this machine's clock a recorded time may be and still read "just now": the core
 * stamps entries with its own clock, and a browser on another machine (or a "now" that ticked a
 * moment ago) may be behind it. Beyond this the clocks disagree, which is worth saying.
 */
export const SKEW_TOLERANCE_MS = 2 * 60_000;

function span(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/** When something happened: "just now", "19 s ago", "3 min ago"; never "in …". */
export function formatRelative(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const ahead = t - now;
  if (ahead > SKEW_TOLERANCE_MS) return `clock ${span(Math.round(ahead / 1000))} ahead`;
  const s = Math.max(0, Math.floor((now - t) / 1000));
  return s < 10 ? 'just now' : `${span(s)} ago`;
}

/** When something is due: "in 30 s", "in 5 min"; "now" once it is due. */
export function formatUntil(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.ceil((t - now) / 1000);
  return s <= 0 ? 'now' : `in ${span(s)}`;
}

/** "1:02:03" style elapsed time; days are shown as "2d 03:04:05". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const hms = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return d > 0 ? `${d}d ${hms}` : hms;
}

/** Compact elapsed for lists: "42m", "3h 05m", "2d 4h". */
export function formatElapsedShort(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 60) return `${min}m`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h}h ${String(min % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

// ---------------------------------------------------------------------------------------------
// The clock every relative label reads: one interval for the whole page, running only while
// something shows a relative time, ticking each second so "19 s ago" never lags by half a minute.

const TICK_MS = 1000;
let tickNow = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

// A first subscriber restarts the clock; React reads the snapshot again after subscribing, so a
// label first rendered from an old reading is corrected before the user sees it.
function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    tickNow = Date.now();
    timer = setInterval(() => {
      tickNow = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const snapshot = () => tickNow;

/** The shared clock, re-rendering its user each second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/**
 * A label computed from the clock; its user re-renders only when the label changes ("3 min ago"
 * once a minute), so a timeline of many rows costs one string per row per second.
 */
export function useClockLabel(compute: (now: number) => string): string {
  const read = () => compute(tickNow);
  return useSyncExternalStore(subscribe, read, read);
}

// ---------------------------------------------------------------------------------------------
// Absolute readings in the chosen zone

export interface TimeFormat {
  /** The IANA zone readings are in. */
  zone: string;
  /** "21:25 UTC" (today) or "2026-11-23 21:25 UTC". */
  absolute(iso: string, now?: number, opts?: { seconds?: boolean }): string;
  /** "21:25 UTC": the time of day only (for times known to be near, like a deadline). */
  clock(iso: string, opts?: { seconds?: boolean }): string;
  /** "2026-11-24 21:25 UTC". */
  stamp(iso: string, opts?: { seconds?: boolean }): string;
  /** "2026-11-24" in the zone. */
  date(iso: string): string;
  /** Recorded text with its UTC readings shown in the zone (see shared/time.ts localiseReadings). */
  text(text: string, writtenAt: string): string;
  /** The zone's short name now ("EST"). */
  zoneName(at?: number): string;
}

function timeFormat(zone: string): TimeFormat {
  const at = (iso: string) => Date.parse(iso);
  const bad = (iso: string) => Number.isNaN(at(iso));
  return {
    zone,
    absolute: (iso, now = Date.now(), opts = {}) => (bad(iso) ? iso : absoluteIn(at(iso), now, zone, opts)),
    clock: (iso, opts = {}) => (bad(iso) ? iso : formatClock(at(iso), zone, opts)),
    stamp: (iso, opts = {}) => (bad(iso) ? iso : formatStamp(at(iso), zone, opts)),
    date: (iso) => (bad(iso) ? iso : formatDate(at(iso), zone)),
    text: (text, writtenAt) => (bad(writtenAt) ? text : localiseReadings(text, at(writtenAt), zone)),
    zoneName: (t = Date.now()) => zoneName(t, zone),
  };
}

const formats = new Map<string, TimeFormat>();
function formatFor(zone: string): TimeFormat {
  let f = formats.get(zone);
  if (!f) formats.set(zone, (f = timeFormat(zone)));
  return f;
}

/** Formatters for the chosen zone; components re-render when the user picks another. */
export function useTimeFormat(): TimeFormat {
  return formatFor(useTimeZone());
}

/** The same formatters, for code outside React (toasts, actions). */
export function currentTimeFormat(): TimeFormat {
  return formatFor(currentTimeZone());
}

/** "3 min ago" for a time something happened, with the absolute reading in the chosen zone as its tooltip. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const fmt = useTimeFormat();
  const label = useClockLabel((now) => formatRelative(iso, now));
  return createElement('time', { className, dateTime: iso, title: fmt.stamp(iso, { seconds: true }) }, label);
}

/** "in 5 min" for a time something is due, with the absolute reading as its tooltip. */
export function UntilTime({ iso, className }: { iso: string; className?: string }) {
  const fmt = useTimeFormat();
  const label = useClockLabel((now) => formatUntil(iso, now));
  return createElement('time', { className, dateTime: iso, title: fmt.stamp(iso, { seconds: true }) }, label);
}
