// `npm start` / `npm run web` build only when out/ was not built from the inputs as they are now:
// the check is a digest of every input's path and content, recorded by the last successful build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchArgs } from '../../../scripts/start.mjs';
import { BUILD_OUTPUTS, BUILD_STAMP, buildInputs, buildState, ensureBuilt, inputsDigest } from '../../../scripts/web.mjs';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A repository layout with one file per input kind and every build output. */
function repo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-buildstate-'));
  made.push(root);
  const files: Record<string, string> = {
    'main/core/a.ts': 'export const a = 1;\n',
    'main/host/cli.ts': 'export {};\n',
    'preload/index.ts': 'export {};\n',
    'renderer/src/App.tsx': 'export const App = () => null;\n',
    'resources/demo/roster.csv': 'name,handle\n',
    'shared/contract.ts': 'export {};\n',
    'electron.vite.config.ts': 'export default {};\n',
    'scripts/viteDevCsp.ts': 'export {};\n',
    'package.json': '{"name":"x"}\n',
    'package-lock.json': '{"lockfileVersion":3}\n',
    'tsconfig.json': '{}\n',
    'tsconfig.renderer.json': '{}\n',
    'README.md': '# not an input\n',
    'test/unit/x.test.ts': 'not an input\n',
  };
  for (const [f, c] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), c);
  }
  for (const f of BUILD_OUTPUTS) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), 'built\n');
  }
  return root;
}

const stamp = (root: string) => fs.writeFileSync(path.join(root, BUILD_STAMP), `${inputsDigest(root)}\n`);

describe('the build check', () => {
  it('counts sources, resources, configs and the lockfile as inputs, and not tests, docs or out/', () => {
    const root = repo();
    expect(buildInputs(root)).toEqual([
      'electron.vite.config.ts',
      'main/core/a.ts',
      'main/host/cli.ts',
      'package-lock.json',
      'package.json',
      'preload/index.ts',
      'renderer/src/App.tsx',
      'resources/demo/roster.csv',
      'scripts/viteDevCsp.ts',
      'shared/contract.ts',
      'tsconfig.json',
      'tsconfig.renderer.json',
    ]);
  });

  it('is up to date only when every output exists and the inputs are what the last build recorded', () => {
    const root = repo();
    expect(buildState(root)).toEqual({ upToDate: false, reason: 'no record of what the last build was made from' });
    stamp(root);
    expect(buildState(root).upToDate).toBe(true);

    // A content change in any kind of input makes it stale; putting the content back makes it fresh.
    for (const f of ['renderer/src/App.tsx', 'resources/demo/roster.csv', 'package-lock.json', 'tsconfig.renderer.json', 'electron.vite.config.ts']) {
      const p = path.join(root, f);
      const was = fs.readFileSync(p);
      fs.appendFileSync(p, '// changed\n');
      expect(buildState(root), f).toEqual({ upToDate: false, reason: 'sources changed since the last build' });
      fs.writeFileSync(p, was);
      expect(buildState(root).upToDate, f).toBe(true);
    }
    // A touched but unchanged file does not cost a build; one more or one fewer file does.
    const future = new Date(Date.now() + 3_600_000);
    fs.utimesSync(path.join(root, 'main/core/a.ts'), future, future);
    expect(buildState(root).upToDate).toBe(true);
    fs.writeFileSync(path.join(root, 'shared/new.ts'), 'export {};\n');
    expect(buildState(root).upToDate).toBe(false);
    fs.rmSync(path.join(root, 'shared/new.ts'));
    expect(buildState(root).upToDate).toBe(true);
    fs.rmSync(path.join(root, 'preload/index.ts'));
    expect(buildState(root).upToDate).toBe(false);
    fs.writeFileSync(path.join(root, 'preload/index.ts'), 'export {};\n');
    // Edits outside the inputs never do.
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n');
    fs.appendFileSync(path.join(root, 'test/unit/x.test.ts'), 'more\n');
    expect(buildState(root).upToDate).toBe(true);
    // A missing output always does.
    fs.rmSync(path.join(root, 'out/renderer/index.html'));
    expect(buildState(root)).toEqual({ upToDate: false, reason: 'out/renderer/index.html is missing' });
  });

  it('ensureBuilt skips an up-to-date build and builds when forced (--rebuild)', () => {
    const root = repo();
    stamp(root);
    // This layout has no electron-vite: a build attempt would fail, so success means it was skipped.
    expect(ensureBuilt({ root })).toBe(true);
    expect(ensureBuilt({ root, force: true })).toBe(false);
  });

  it('npm start opens the demo unless told otherwise, and keeps its own flags to itself', () => {
    expect(launchArgs([])).toEqual(['--demo']);
    expect(launchArgs(['--rebuild', '--port', '4781'])).toEqual(['--demo', '--port', '4781']);
    expect(launchArgs(['--no-demo'])).toEqual([]);
    expect(launchArgs(['--demo-here'])).toEqual(['--demo-here']);
    expect(launchArgs(['--demo-reset'])).toEqual(['--demo', '--demo-reset']);
  });
});
