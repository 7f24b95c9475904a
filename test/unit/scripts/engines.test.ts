// `npm ci` warns (EBADENGINE) for every installed package whose engines exclude the running Node. On
// Node 20 the only ones are Electron's toolchain, which declares Node >= 22.12 for its ESM-only
// modules; Node >= 20.19 loads those from require() too. Any other package doing so fails here, so the
// install never gains a warning unnoticed (and the known ones disappear on Node >= 22.12).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const semver = require('semver') as { satisfies(v: string, range: string, o?: object): boolean };

/** Electron 45's runtime package and downloader, electron-builder's rebuild step: why each is allowed. */
const ELECTRON_TOOLCHAIN: Record<string, string> = {
  'node_modules/electron': 'every supported Electron major (43-45) declares node >= 22.12',
  'node_modules/@electron/get': "electron's binary downloader (ESM only)",
  'node_modules/@electron-internal/extract-zip': "electron's unzip step (ESM only)",
  'node_modules/@electron/rebuild': "electron-builder 26's native rebuild (ESM only)",
  'node_modules/@electron/rebuild/node_modules/node-abi': "@electron/rebuild 4's ABI table",
};

function unmetEngines(): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
  return Object.entries(lock.packages)
    .filter(([p, v]) => p !== '' && v.engines?.node && !semver.satisfies(process.version, v.engines.node, { includePrerelease: true }))
    .map(([p]) => p);
}

describe('engine warnings of a clean install', () => {
  it('come only from the Electron toolchain', () => {
    expect(unmetEngines().filter((p) => !(p in ELECTRON_TOOLCHAIN))).toEqual([]);
  });

  it('are harmless here: this Node loads ES modules from require(), and the toolchain modules load', async () => {
    if (unmetEngines().length === 0) return;
    expect(process.features.require_module).toBe(true);
    for (const name of ['@electron/get', '@electron-internal/extract-zip']) {
      expect(Object.keys(require(name) as object).length, name).toBeGreaterThan(0);
    }
  });
});
