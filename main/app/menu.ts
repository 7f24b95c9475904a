// The application menu. Menu items run the renderer's named actions (renderer/src/app/actions.ts) by
// id, so the palette, shortcuts, buttons and the menu share one implementation. The action reaches
// the focused window as a pushed envelope { event: 'app:action', data: { id } } on the event channel.
//
// Shortcuts the renderer already binds itself (Mod+K, Mod+Shift+L, …) are shown in the menu with
// registerAccelerator: false, so the keystroke reaches the page once instead of firing twice.
// Reload exists only in development; DevTools only in development.
import type { MenuItemConstructorOptions } from 'electron';

export const MENU_ACTION_EVENT = 'app:action';

export interface MenuOptions {
  isMac: boolean;
  isDev: boolean;
  appName: string;
  /** Run a renderer action by id in the focused window. */
  runAction: (id: string) => void;
  /** Open an https link in the user's browser (openExternalSafely). */
  openLink: (url: string) => void;
}

export const PROJECT_URL = 'https://github.com/command-post/command-post';

export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const action = (label: string, id: string, accelerator?: string, registerAccelerator = true): MenuItemConstructorOptions => ({
    label,
    click: () => o.runAction(id),
    ...(accelerator ? { accelerator, registerAccelerator } : {}),
  });

  const template: MenuItemConstructorOptions[] = [];
  if (o.isMac) {
    template.push({
      label: o.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      action('New Incident…', 'incident.declare', 'CmdOrCtrl+N'),
      action('Switch Incident…', 'incident.switch', 'CmdOrCtrl+Shift+I', false),
      action('Load Demo Incident', 'incident.load-demo'),
      { type: 'separator' },
      action('Edit Profile…', 'profile.edit'),
      { type: 'separator' },
      o.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  const view: MenuItemConstructorOptions[] = [
    action('Command Palette…', 'palette.open', 'CmdOrCtrl+K', false),
    action('Toggle Theme', 'view.toggle-theme', 'CmdOrCtrl+Shift+L', false),
    action('Reset Layout', 'view.reset-layout'),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (o.isDev) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  template.push({ label: '&View', submenu: view });
  template.push({ label: '&Window', submenu: o.isMac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] });
  template.push({
    label: '&Help',
    submenu: [action('Keyboard Shortcuts', 'app.shortcuts', '?', false), { label: 'Project Page', click: () => o.openLink(PROJECT_URL) }],
  });
  return template;
}
