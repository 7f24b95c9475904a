// The whole App's UI state back to a first start before each test of the calling file: the stores
// are module singletons, so one test's dialog, palette, toast, layout or filter would leak into the next.
import { beforeAll, beforeEach, vi } from 'vitest';
import { DEFAULT_LAYOUT, dialogActions, layoutActions, paletteActions } from '../../renderer/src/app/store';
import { incidentsUiActions } from '../../renderer/src/features/incidents';
import { timelineUiActions } from '../../renderer/src/features/timeline';
import { themeActions } from '../../renderer/src/lib/theme';
import { toastActions } from '../../renderer/src/lib/toasts';

export function useFreshAppShell(): void {
  beforeAll(() => {
    vi.stubGlobal('__APP_VERSION__', '0.1.0');
  });
  beforeEach(() => {
    localStorage.clear();
    themeActions.set('dark');
    incidentsUiActions.select(null);
    incidentsUiActions.setFilter({});
    dialogActions.close();
    paletteActions.close();
    toastActions.clear();
    layoutActions.reset(DEFAULT_LAYOUT.open);
    timelineUiActions.setFilter({ kinds: [], search: '', pinnedOnly: false });
  });
}
