// Remembered window size and position. Pure functions plus a small JSON file, so that a window
// restored onto a monitor that is no longer attached comes back on a visible screen.
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
}

export const MIN_SIZE = { width: 900, height: 600 } as const;
export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
/** How much of a restored window must lie on some display for its position to be kept. */
const MIN_VISIBLE = 64;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  return {
    w: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    h: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Validate a saved state against the current displays' work areas. Unknown shapes give the default;
 * sizes are clamped to [MIN_SIZE, largest work area]; a position that is (almost) off every display
 * is dropped so the OS centres the window.
 */
export function sanitizeWindowState(raw: unknown, workAreas: Rect[]): WindowState {
  const largest = workAreas.reduce((m, a) => ({ width: Math.max(m.width, a.width), height: Math.max(m.height, a.height) }), { width: 0, height: 0 });
  const maxW = largest.width > 0 ? largest.width : Number.MAX_SAFE_INTEGER;
  const maxH = largest.height > 0 ? largest.height : Number.MAX_SAFE_INTEGER;
  const clampW = (w: number) => Math.round(Math.max(MIN_SIZE.width, Math.min(w, maxW)));
  const clampH = (h: number) => Math.round(Math.max(MIN_SIZE.height, Math.min(h, maxH)));
  const fallback: WindowState = { bounds: { width: clampW(DEFAULT_SIZE.width), height: clampH(DEFAULT_SIZE.height) }, maximized: false };

  if (typeof raw !== 'object' || raw === null) return fallback;
  const r = raw as { bounds?: unknown; maximized?: unknown };
  const b = (typeof r.bounds === 'object' && r.bounds !== null ? r.bounds : {}) as Record<string, unknown>;
  const width = finite(b.width) ? clampW(b.width) : fallback.bounds.width;
  const height = finite(b.height) ? clampH(b.height) : fallback.bounds.height;
  const state: WindowState = { bounds: { width, height }, maximized: r.maximized === true };
  if (finite(b.x) && finite(b.y)) {
    const rect = { x: Math.round(b.x), y: Math.round(b.y), width, height };
    const visible = workAreas.some((a) => {
      const o = overlap(rect, a);
      return o.w >= MIN_VISIBLE && o.h >= MIN_VISIBLE;
    });
    if (visible) {
      state.bounds.x = rect.x;
      state.bounds.y = rect.y;
    }
  }
  return state;
}

export function readWindowState(file: string, workAreas: Rect[]): WindowState {
  let raw: unknown = null;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    raw = null; // missing or damaged: start from the default
  }
  return sanitizeWindowState(raw, workAreas);
}

export function writeWindowState(file: string, state: WindowState): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // Losing the window position is harmless; never let it break quitting.
  }
}
