// Relative times never run ahead of what happened: an entry stamped by a clock slightly ahead of
// this one (or read against a "now" that has not ticked yet) reads "just now", never "in 19 s"; and
// the label keeps up with the clock. Fake timers stand in for the wall clock.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatRelative, formatUntil, RelativeTime, SKEW_TOLERANCE_MS } from '../../../renderer/src/ui/time';

const NOW = Date.parse('2026-11-24T21:25:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('formatRelative (times of things that happened)', () => {
  it('clamps a time up to the tolerance ahead of the clock to "just now"', () => {
    expect(formatRelative(iso(NOW + 19_000), NOW)).toBe('just now');
    expect(formatRelative(iso(NOW + SKEW_TOLERANCE_MS), NOW)).toBe('just now');
    expect(formatRelative(iso(NOW - 5_000), NOW)).toBe('just now');
    expect(formatRelative(iso(NOW - 19_000), NOW)).toBe('19 s ago');
    expect(formatRelative(iso(NOW - 3 * 60_000), NOW)).toBe('3 min ago');
  });

  it('says the clocks disagree beyond the tolerance instead of inventing a future', () => {
    expect(formatRelative(iso(NOW + SKEW_TOLERANCE_MS + 60_000), NOW)).toBe('clock 3 min ahead');
    expect(formatRelative('not a time', NOW)).toBe('');
  });
});

describe('formatUntil (times something is due)', () => {
  it('counts down and stops at "now"', () => {
    expect(formatUntil(iso(NOW + 30_000), NOW)).toBe('in 30 s');
    expect(formatUntil(iso(NOW + 5 * 60_000), NOW)).toBe('in 5 min');
    expect(formatUntil(iso(NOW - 12_000), NOW)).toBe('now');
  });
});

describe('<RelativeTime>', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('reads "just now" for an entry stamped ahead of this clock, then ticks every second', () => {
    render(<RelativeTime iso={iso(NOW + 19_000)} />);
    expect(screen.getByText('just now')).toBeTruthy();
    act(() => vi.advanceTimersByTime(29_000)); // 10 s after the stamp
    expect(screen.getByText('10 s ago')).toBeTruthy();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByText('11 s ago')).toBeTruthy();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByText('1 min ago')).toBeTruthy();
  });

  it('shows the absolute reading in the tooltip', () => {
    render(<RelativeTime iso={iso(NOW - 60_000)} />);
    const el = screen.getByText('1 min ago');
    expect(el.getAttribute('title')).toBe('2026-11-24 21:24:00 UTC');
    expect(el.getAttribute('datetime')).toBe(iso(NOW - 60_000));
  });
});
