// Compact density for small screens (a 1366×768 laptop): smaller type and spacing so the timeline
// shows many entries and dialogs fit. Automatic below COMPACT_BELOW, or the user's choice.
import { useEffect, useState } from 'react';
import { useDensityChoice, type Density } from './store';

/** Below either dimension the automatic density is compact. */
export const COMPACT_BELOW = { width: 1400, height: 820 };

export function effectiveDensity(choice: Density, viewport: { width: number; height: number }): 'compact' | 'comfortable' {
  if (choice !== 'auto') return choice;
  return viewport.width < COMPACT_BELOW.width || viewport.height < COMPACT_BELOW.height ? 'compact' : 'comfortable';
}

const viewportNow = () => ({ width: window.innerWidth, height: window.innerHeight });

/** Applies the density to <html data-density> and answers it. */
export function useDensity(): 'compact' | 'comfortable' {
  const choice = useDensityChoice();
  const [viewport, setViewport] = useState(viewportNow);
  useEffect(() => {
    const onResize = () => setViewport(viewportNow());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const density = effectiveDensity(choice, viewport);
  useEffect(() => {
    document.documentElement.dataset.density = density;
  }, [density]);
  return density;
}
