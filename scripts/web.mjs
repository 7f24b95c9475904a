// `npm run web -- [--port P] [--data-dir D] [--token T] [--demo]`: the browser host.
// Builds first when the build is missing or older than the sources (a cheap mtime check), then runs
// `node out/main/host.js` with the arguments, forwarding SIGINT/SIGTERM and exiting with its code.
// Also the helper module of scripts/start.mjs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_ENTRY = path.join(ROOT, 'out', 'main', 'host.js');
const BUILD_OUTPUTS = [HOST_ENTRY, path.join(ROOT, 'out', 'main', 'index.js'), path.join(ROOT, 'out', 'preload', 'index.cjs'), path.join(ROOT, 'out', 'renderer', 'index.html')];
const SOURCE_DIRS = ['shared', 'main', 'preload', 'renderer'];
const SOURCE_FILES = ['electron.vite.config.ts', 'package.json'];

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function newestIn(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestIn(p));
    else if (e.isFile()) newest = Math.max(newest, mtime(p) ?? 0);
  }
  return newest;
}

/** True when some build output is missing or older than the newest source file. */
export function buildIsStale() {
  const outputs = BUILD_OUTPUTS.map(mtime);
  if (outputs.some((t) => t === null)) return true;
  const oldestOutput = Math.min(...outputs);
  const newestSource = Math.max(...SOURCE_DIRS.map((d) => newestIn(path.join(ROOT, d))), ...SOURCE_FILES.map((f) => mtime(path.join(ROOT, f)) ?? 0));
  return newestSource > oldestOutput;
}

/**
 * Run `electron-vite build`, output captured: shown only when the build fails. Returns true on
 * success; on failure prints the build's own output and a one-line summary.
 */
export function build() {
  const cli = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!fs.existsSync(cli)) {
    process.stderr.write('command-post: electron-vite is not installed; run `npm install` first.\n');
    return false;
  }
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status === 0) return true;
  process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  process.stderr.write(`command-post: the build failed (electron-vite build exited with ${r.status ?? r.signal}).\n`);
  return false;
}

export function ensureBuilt({ force = false } = {}) {
  if (!force && !buildIsStale()) return true;
  return build();
}

/**
 * Run a child with inherited stdio; forward SIGINT/SIGTERM to it and exit with its exit code
 * (128 + signal number when it was killed by a signal, as shells do).
 */
export function runForwarding(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('error', (err) => {
    process.stderr.write(`command-post: cannot start ${path.basename(command)}: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    const signals = { SIGINT: 2, SIGTERM: 15, SIGKILL: 9, SIGHUP: 1 };
    process.exit(code ?? (signal ? 128 + (signals[signal] ?? 1) : 1));
  });
  return child;
}

export function runHost(args) {
  return runForwarding(process.execPath, [HOST_ENTRY, ...args]);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  if (!ensureBuilt()) process.exit(1);
  runHost(process.argv.slice(2));
}
