// Lint, including the layering rules from the handbook: a wrong import fails `npm test`.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import path from 'node:path';
import tseslint from 'typescript-eslint';

// Bare module names only (a regex, not a path pattern: './events' is ours, 'events' is Node's).
const NODE_BUILTIN = '^(node:.+|fs|path|os|crypto|child_process|http|https|net|events|stream|url|util|worker_threads|zlib)(/.*)?$';
const NO_NODE = (message) => ({ regex: NODE_BUILTIN, message });

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

// A feature may use another feature only through that feature's index.ts (its public entry).
// Resolved by path, so '../b/internal', '../../features/b/x' and deeper relative forms are all caught.
const featureBoundaries = {
  meta: { type: 'problem', messages: { internal: 'Import another feature only through its index.ts (features/{{feature}}).' }, schema: [] },
  create(context) {
    const file = context.filename.split(path.sep).join('/');
    const mine = /\/renderer\/src\/features\/([^/]+)\//.exec(file)?.[1];
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const m = /\/renderer\/src\/features\/([^/]+)(\/.*)?$/.exec(target);
      if (!m || m[1] === mine) return;
      if (m[2] === undefined || m[2] === '/index' || m[2] === '/index.ts' || m[2] === '/index.tsx') return;
      context.report({ node: node.source, messageId: 'internal', data: { feature: m[1] } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

// The shells (main/app, main/host) reach the core only through its front door, main/core/index.ts;
// everything behind it is internal and may move. Resolved by path, like feature-boundaries.
const coreFrontDoor = {
  meta: { type: 'problem', messages: { internal: 'The shells import the core only through main/core/index.ts ({{spec}} is behind it).' }, schema: [] },
  create(context) {
    const file = context.filename.split(path.sep).join('/');
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const m = /\/main\/core(\/.*)?$/.exec(target);
      if (!m || m[1] === undefined || m[1] === '/index' || m[1] === '/index.ts') return;
      context.report({ node: node.source, messageId: 'internal', data: { spec } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const PRODUCTION = ['main/**/*.ts', 'preload/**/*.ts', 'shared/**/*.ts', 'renderer/src/**/*.{ts,tsx}'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.scratch/**', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only (house style).' }],
    },
  },
  {
    // No import circles in the product (a circle is two modules that cannot be understood, tested or
    // moved apart). This rule skips type-only imports by design; test/unit/importCycles.test.ts counts them.
    files: PRODUCTION,
    plugins: { 'import-x': importX },
    settings: {
      // The plugin parses each imported module itself: without these it skips TypeScript files silently.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.electron.json', 'tsconfig.renderer.json'], noWarnOnMultipleProjects: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // A promise nobody awaits loses its error (an unhandled rejection) and its ordering; say `void` when meant.
    files: PRODUCTION,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([
      { group: ['electron', 'react', 'react-dom'], message: 'shared/ is pure TypeScript: no Electron, Node or DOM libraries.' },
      NO_NODE('shared/ is pure TypeScript: no Electron, Node or DOM libraries.'),
      { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'shared/ must not import a runtime layer.' },
    ]),
  },
  {
    files: ['main/core/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict([
      { group: ['electron'], message: 'main/core runs without Electron; put Electron code in main/app.' },
      { group: ['react', 'react-dom', '**/renderer/**', '**/preload/**', '**/main/app/**', '**/main/host/**', '../app/**', '../host/**', '../../app/**', '../../host/**'], message: 'main/core must not depend on the shells or the renderer.' },
    ]),
  },
  {
    // Repositories are the only SQL and know rows, not use cases: the database layer and shared types only.
    files: ['main/core/repositories/**/*.ts'],
    rules: restrict([
      // One level up is main/core: of its folders only db/ (shared/ is further up and allowed).
      { regex: '^\\.\\./(?!db/|\\.\\./)', message: 'A repository imports no domain: only ../db/ and shared/ types.' },
      // This entry replaces main/core's restrictions for these files, so it repeats them.
      { group: ['electron'], message: 'main/core runs without Electron; put Electron code in main/app.' },
      { group: ['react', 'react-dom', '**/renderer/**', '**/preload/**', '**/main/app/**', '**/main/host/**', '../../app/**', '../../host/**'], message: 'main/core must not depend on the shells or the renderer.' },
    ]),
  },
  {
    files: ['main/app/**/*.ts', 'main/host/**/*.ts'],
    plugins: { 'command-post-core': { rules: { 'front-door': coreFrontDoor } } },
    rules: { 'command-post-core/front-door': 'error' },
  },
  {
    files: ['main/host/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict([
      { group: ['electron'], message: 'The browser host runs without Electron.' },
      { group: ['react', 'react-dom', '**/renderer/**', '**/preload/**', '**/main/app/**', '../app/**'], message: 'The host serves the built renderer; it does not import it.' },
    ]),
  },
  {
    files: ['main/app/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict([{ group: ['react', 'react-dom', '**/renderer/**', '**/main/host/**', '../host/**'], message: 'The Electron shell must not import the renderer or the browser host.' }]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict([{ group: ['**/main/**', '**/renderer/**'], message: 'The preload only bridges the contract: electron + shared/ only.' }, NO_NODE('The preload only bridges the contract: electron + shared/ only.')]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'command-post': { rules: { 'feature-boundaries': featureBoundaries } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'command-post/feature-boundaries': 'error',
      ...restrict([
        { group: ['electron'], message: 'No Node or Electron in the renderer: go through lib/api.ts.' },
        NO_NODE('No Node or Electron in the renderer: go through lib/api.ts.'),
        { group: ['**/main/**', '**/preload/**'], message: 'The renderer talks to the backend only through lib/api.ts.' },
      ]),
    },
  },
  {
    // A feature knows the shell only through lib/workbench.ts; the shell imports the features. The
    // renderer block's patterns are restated because a later no-restricted-imports replaces them.
    files: ['renderer/src/features/**/*.{ts,tsx}'],
    rules: restrict([
      { group: ['electron'], message: 'No Node or Electron in the renderer: go through lib/api.ts.' },
      NO_NODE('No Node or Electron in the renderer: go through lib/api.ts.'),
      { group: ['**/main/**', '**/preload/**'], message: 'The renderer talks to the backend only through lib/api.ts.' },
      { group: ['**/app', '**/app/**'], message: 'A feature must not import the shell (app/): what it may know of it is in lib/workbench.ts.' },
    ]),
  },
  {
    files: ['renderer/src/ui/**/*.{ts,tsx}'],
    rules: restrict([{ group: ['**/features/**', 'electron'], message: 'ui/ primitives import no feature.' }, NO_NODE('ui/ primitives import no feature.')]),
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.{js,mjs,ts}', '*.config.{js,ts}', 'electron.vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tool configuration files are loaded by their tools through a default export.
    files: ['*.config.{js,ts}', 'electron.vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
