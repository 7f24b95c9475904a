// The layering rules must actually bite: a wrong import in each layer is an ESLint error, so it fails
// `npm test` instead of a review.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
// Text linted under an invented file name is in no TypeScript project, so the rules that need type
// information are off here; they are checked below on probe files written to the tree.
const eslint = new ESLint({ cwd: root, overrideConfig: { languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } } });

async function errors(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return res!.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

// The import-cycle rule parses every module an import reaches, so the first case of a layer is slow.
describe('layering is enforced by lint', { timeout: 60_000 }, () => {
  const cases: Array<[string, string, RegExp]> = [
    ['main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n", /main\/core runs without Electron/],
    ['shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n", /shared\/ is pure TypeScript/],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n", /shared\/ is pure TypeScript/],
    ['shared/x.ts', "import { EventEmitter } from 'events';\nexport const a = EventEmitter;\n", /shared\/ is pure TypeScript/],
    ['shared/x.ts', "import { join } from 'path/posix';\nexport const a = join;\n", /shared\/ is pure TypeScript/],
    ['main/core/x.ts', "import { startHost } from '../host/server';\nexport const a = startHost;\n", /must not depend on the shells/],
    ['main/host/x.ts', "import { app } from 'electron';\nexport const a = app;\n", /runs without Electron/],
    ['renderer/src/features/a/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n", /No Node or Electron in the renderer/],
    ['renderer/src/features/a/x.ts', "import { createCore } from '../../../../main/core/core';\nexport const a = createCore;\n", /only through lib\/api/],
    ['renderer/src/features/a/x.ts', "import { Secret } from '../b/internal';\nexport const a = Secret;\n", /only through its index/],
    ['renderer/src/features/a/deep/x.ts', "import { Secret } from '../../b/hooks/useSecret';\nexport const a = Secret;\n", /only through its index/],
    ['renderer/src/app/x.ts', "import { Secret } from '../features/b/internal';\nexport const a = Secret;\n", /only through its index/],
    ['renderer/src/features/a/x.ts', "import { layoutActions } from '../../app/store';\nexport const a = layoutActions;\n", /must not import the shell/],
    ['renderer/src/features/a/deep/x.ts', "import { panes } from '../../../app/panes';\nexport const a = panes;\n", /must not import the shell/],
    ['renderer/src/ui/x.ts', "import { Thing } from '../features/b';\nexport const a = Thing;\n", /ui\/ primitives import no feature/],
    ['preload/x.ts', "import { createCore } from '../main/core/core';\nexport const a = createCore;\n", /The preload only bridges/],
    ['main/core/x.ts', 'const a = 1;\nexport default a;\n', /Named exports only/],
    ['main/host/x.ts', "import { Vault } from '../core/vault/vault';\nexport const a = Vault;\n", /only through main\/core\/index\.ts/],
    ['main/app/x.ts', "import { openDatabase } from '../core/db/database';\nexport const a = openDatabase;\n", /only through main\/core\/index\.ts/],
    ['main/app/x.ts', "export { Dispatcher } from '../core/dispatcher';\n", /only through main\/core\/index\.ts/],
    ['main/core/repositories/x.ts', "import { planCadence } from '../timers/timers';\nexport const a = planCadence;\n", /A repository imports no domain/],
  ];
  for (const [file, code, expected] of cases) {
    it(`rejects ${code.split('\n')[0]} in ${file}`, async () => {
      expect((await errors(file, code)).join('\n')).toMatch(expected);
    });
  }

  it('allows the sanctioned imports', async () => {
    expect(await errors('renderer/src/features/a/x.ts', "import { B } from '../b';\nexport const a = B;\n")).toEqual([]);
    expect(await errors('renderer/src/features/a/deep/x.ts', "import { C } from '../own/thing';\nexport const a = C;\n")).toEqual([]);
    expect(await errors('main/app/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await errors('main/core/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toEqual([]);
    expect(await errors('main/host/x.ts', "import { createCore } from '../core';\nexport const a = createCore;\n")).toEqual([]);
    expect(await errors('main/core/repositories/x.ts', "import type { SqlRunner } from '../db/sqlite';\nimport type { Incident } from '../../../shared/domain/incidents';\nexport type A = [SqlRunner, Incident];\n")).toEqual([]);
    expect(await errors('main/app/x.ts', "import type { Core } from '../core/index';\nexport type A = Core;\n")).toEqual([]);
    // Our own modules named like Node's are ours.
    expect(await errors('shared/x.ts', "import type { DomainEvent } from './events';\nexport type A = DomainEvent;\n")).toEqual([]);
    expect(await errors('renderer/src/lib/x.ts', "import type { DomainEvent } from '../../../shared/events';\nexport type A = DomainEvent;\n")).toEqual([]);
  });
});

describe('rules that read the whole program bite on real files', { timeout: 60_000 }, () => {
  // Written into the tree (and removed) so the TypeScript project and the import resolver see them.
  const dir = path.join(root, 'main', 'core', `zz-lint-probe-${process.pid}`);
  const probe = async (files: Record<string, string>) => {
    fs.mkdirSync(dir, { recursive: true });
    try {
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
      const results = await new ESLint({ cwd: root }).lintFiles(Object.keys(files).map((n) => path.join(dir, n)));
      return results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.basename(r.filePath)} ${m.ruleId}`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it('an import circle is an error in each module of it', async () => {
    const found = await probe({ 'a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n", 'b.ts': "import { a } from './a';\nexport const b = (): number => a() - 1;\n" });
    expect(found.sort()).toEqual(['a.ts import-x/no-cycle', 'b.ts import-x/no-cycle']);
  });

  it('a promise nobody awaits or voids is an error; a voided one is not', async () => {
    const found = await probe({
      'floating.ts': 'async function save(): Promise<void> {}\nexport function onClick(): void {\n  save();\n}\n',
      'voided.ts': 'async function save(): Promise<void> {}\nexport function onClick(): void {\n  void save();\n}\n',
    });
    expect(found).toEqual(['floating.ts @typescript-eslint/no-floating-promises']);
  });
});
