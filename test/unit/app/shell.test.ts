// The smaller shell pieces: IPC error encoding, the menu, notifications, preferences.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate } from '../../../main/app/menu';
import { createNotifier } from '../../../main/app/notifications';
import { PreferencesFile, parsePreferences } from '../../../main/app/preferences';
import { AppError } from '../../../shared/errors';
import { decodeIpcError, encodeIpcError, ipcError, ipcErrorToAppError } from '../../../shared/ipcErrors';
import { toAppError } from '../../../renderer/src/lib/api';
import type { MenuItemConstructorOptions } from 'electron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

describe('IPC error encoding', () => {
  const body = { code: 'not_found' as const, message: 'No incident "INC-2026-0099" {really}.', issues: [{ path: 'id', message: 'unknown' }] };

  it('round-trips an ErrorBody through an Error message, with or without Electron’s prefix', () => {
    const msg = encodeIpcError(body);
    expect(decodeIpcError(msg)).toEqual(body);
    expect(decodeIpcError(`Error invoking remote method 'command-post:invoke': Error: ${msg}`)).toEqual(body);
    expect(ipcErrorToAppError(ipcError(body))?.toBody()).toEqual(body);
  });

  it('keeps only the documented fields', () => {
    const dirty = { code: 'internal', message: 'x', stack: 'at /home/u/secret', issues: [{ path: 'a', message: 'b', extra: 1 }, 'junk'] } as never;
    expect(JSON.parse(encodeIpcError(dirty))).toEqual({ code: 'internal', message: 'x', issues: [{ path: 'a', message: 'b' }] });
  });

  it('returns null for messages that carry no ErrorBody', () => {
    expect(decodeIpcError('plain failure')).toBeNull();
    expect(decodeIpcError('{"code":"made_up","message":"x"}')).toBeNull();
    expect(decodeIpcError('{broken')).toBeNull();
    expect(ipcErrorToAppError(42)).toBeNull();
  });

  it('is understood by the renderer’s API client (renderer/src/lib/api/client.ts toAppError)', () => {
    const rebuilt = toAppError(new Error(`Error invoking remote method 'command-post:invoke': Error: ${encodeIpcError(body)}`));
    expect(rebuilt).toBeInstanceOf(AppError);
    expect(rebuilt.toBody()).toEqual(body);
  });
});

describe('application menu', () => {
  const flat = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);
  const build = (isDev: boolean, isMac = false) => {
    const runAction = vi.fn();
    const items = flat(buildMenuTemplate({ isDev, isMac, appName: 'Command Post', runAction, openLink: vi.fn() }));
    return { items, runAction };
  };

  it('has the shortcuts, running renderer actions by id', () => {
    const { items, runAction } = build(false);
    const byLabel = (l: string) => items.find((i) => i.label === l)!;
    expect(byLabel('New Incident…').accelerator).toBe('CmdOrCtrl+N');
    expect(byLabel('Command Palette…')).toMatchObject({ accelerator: 'CmdOrCtrl+K', registerAccelerator: false });
    expect(byLabel('Toggle Theme')).toMatchObject({ registerAccelerator: false });
    (byLabel('New Incident…').click as () => void)();
    (byLabel('Command Palette…').click as () => void)();
    (byLabel('Toggle Theme').click as () => void)();
    expect(runAction.mock.calls.map((c) => c[0])).toEqual(['incident.declare', 'palette.open', 'view.toggle-theme']);
  });

  it('has no reload and no DevTools in production, both in development', () => {
    const roles = (isDev: boolean) => build(isDev).items.map((i) => String(i.role ?? '').toLowerCase());
    for (const r of ['reload', 'forcereload', 'toggledevtools']) {
      expect(roles(false)).not.toContain(r);
      expect(roles(true)).toContain(r);
    }
    expect(build(false, true).items.some((i) => i.role === 'about')).toBe(true);
  });
});

describe('notifications and preferences', () => {
  it('shows a notification only while the setting is on', () => {
    let enabled = true;
    const n = createNotifier(() => enabled);
    expect(n.notify({ title: 'SEV-1 declared', body: 'x'.repeat(1000) })).toBe(true);
    enabled = false;
    expect(n.notify({ title: 'muted' })).toBe(false);
  });

  it('reads preferences field by field and writes them atomically', () => {
    expect(parsePreferences({ notifications: 'yes' })).toEqual({ notifications: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-prefs-'));
    const file = path.join(dir, 'preferences.json');
    fs.writeFileSync(file, '{ damaged');
    const prefs = new PreferencesFile(file);
    expect(prefs.get().notifications).toBe(true);
    prefs.set({ notifications: false });
    expect(new PreferencesFile(file).get()).toEqual({ notifications: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
