// Only the app itself may name a filesystem path: exactly the in-process core, the Electron shell's
// file dialogs and the CLI; a refusal says what was refused and what to do instead.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { mayNamePaths, requirePathAccess, type Transport } from '../../../../main/core/policy/pathAccess';

const ALL: Transport[] = ['in-process', 'app', 'app-dialog', 'cli', 'ipc', 'http', 'scheduler', 'internal', 'startup'];

const refusal = (t: Transport, use: 'import' | 'export'): AppError | null => {
  try {
    requirePathAccess(t, use);
    return null;
  } catch (err) {
    return err as AppError;
  }
};

describe('path access', () => {
  it('is granted to the app side only', () => {
    expect(ALL.filter(mayNamePaths)).toEqual(['in-process', 'app-dialog', 'cli']);
    for (const t of ALL) for (const use of ['import', 'export'] as const) expect(refusal(t, use) === null, `${t} ${use}`).toBe(mayNamePaths(t));
  });

  it('refuses an import from a page with the way out: upload the file', () => {
    const e = refusal('http', 'import')!;
    expect(e).toBeInstanceOf(AppError);
    expect(e.toBody()).toEqual({
      code: 'forbidden',
      message: 'Imports from a path are only accepted from the app itself (its file dialog), not from a page; upload the file instead.',
      issues: [{ path: 'path', message: 'upload the file from a page' }],
    });
  });

  it('refuses an export to a path from a page with the way out: download', () => {
    expect(refusal('ipc', 'export')!.toBody()).toEqual({
      code: 'forbidden',
      message: 'Exports to a path are only accepted from the app itself, not from a page; use destination "download".',
      issues: [{ path: 'destination', message: 'use "download" from a page' }],
    });
  });
});
