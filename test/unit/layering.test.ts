// The layering rules must actually bite: a wrong import in each layer is an ESLint error, so it fails
// `npm test` instead of a review.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function errors(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return res!.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering is enforced by lint', () => {
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
    // Our own modules named like Node's are ours.
    expect(await errors('shared/x.ts', "import type { DomainEvent } from './events';\nexport type A = DomainEvent;\n")).toEqual([]);
    expect(await errors('renderer/src/lib/x.ts', "import type { DomainEvent } from '../../../shared/events';\nexport type A = DomainEvent;\n")).toEqual([]);
  });
});
