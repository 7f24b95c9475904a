// Dark or light: the user's choice, kept across reloads; at first start it follows the system.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { uiPreferences } from './preferences';

export type Theme = 'dark' | 'light';

export function preferredTheme(): Theme {
  try {
    return typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

interface ThemeState {
  theme: Theme;
}

const store = create<ThemeState>()(persist((): ThemeState => ({ theme: preferredTheme() }), uiPreferences<ThemeState, 'theme'>(['theme'])));

export const themeActions = {
  set(theme: Theme): void {
    store.setState({ theme });
  },
  toggle(): void {
    store.setState({ theme: store.getState().theme === 'dark' ? 'light' : 'dark' });
  },
};

export const useTheme = (): Theme => store((s) => s.theme);

/** The theme now, for code outside React. */
export const currentTheme = (): Theme => store.getState().theme;
