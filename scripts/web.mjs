// `npm run web -- [--rebuild] [--port P] [--data-dir D] [--token T] [--demo]`: the browser host.
// Builds first unless out/ was built from the inputs as they are now (a digest of their contents,
// recorded by the last build; --rebuild forces a build), then runs `node out/main/host.js` with the
// other arguments, forwarding SIGINT/SIGTERM and exiting with its code.
// Also the helper module of scripts/start.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_ENTRY = path.join(ROOT, 'out', 'main', 'host.js');
/** What `electron-vite build` writes that the shells start from. */
export const BUILD_OUTPUTS = ['out/main/host.js', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
/** Everything a build is made from: the sources, shipped resources, the build and compiler configs, the locked dependencies. */
export const BUILD_INPUT_DIRS = ['main', 'preload', 'renderer', 'resources', 'shared'];
export const BUILD_INPUT_FILES = ['electron.vite.config.ts', 'scripts/viteDevCsp.ts', 'package.json', 'package-lock.json'];
/** The digest of the inputs of the last successful build (out/ itself is not an input). */
export const BUILD_STAMP = 'out/.build-inputs.sha256';

function filesUnder(root, rel, into) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const r = path.posix.join(rel, e.name);
    if (e.isDirectory()) filesUnder(root, r, into);
    else if (e.isFile()) into.push(r);
  }
}

/** The build's input files, relative to `root`, sorted (tsconfig*.json at the root included). */
export function buildInputs(root = ROOT) {
  const files = [];
  for (const d of BUILD_INPUT_DIRS) filesUnder(root, d, files);
  for (const f of BUILD_INPUT_FILES) if (fs.existsSync(path.join(root, f))) files.push(f);
  for (const f of fs.readdirSync(root)) if (/^tsconfig.*\.json$/.test(f)) files.push(f);
  return files.sort();
}

/**
 * A digest of every input's path and content. Content rather than mtimes: a checkout, a stash or a
 * deleted file changes it even when no mtime moves forward, and a touched but unchanged file does not.
 */
export function inputsDigest(root = ROOT) {
  const h = createHash('sha256');
  for (const f of buildInputs(root)) {
    h.update(f);
    h.update('\0');
    h.update(fs.readFileSync(path.join(root, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

/** Whether `out/` was built from the inputs as they are now; when not, why (one phrase). */
export function buildState(root = ROOT) {
  const missing = BUILD_OUTPUTS.find((f) => !fs.existsSync(path.join(root, f)));
  if (missing) return { upToDate: false, reason: `${missing} is missing` };
  let stamp = null;
  try {
    stamp = fs.readFileSync(path.join(root, BUILD_STAMP), 'utf8').trim();
  } catch {
    return { upToDate: false, reason: 'no record of what the last build was made from' };
  }
  return stamp === inputsDigest(root) ? { upToDate: true, reason: 'nothing changed since the last build' } : { upToDate: false, reason: 'sources changed since the last build' };
}

/**
 * Run `electron-vite build`, output captured: shown only when the build fails. Returns true on
 * success (and records the digest of the inputs it was started on); on failure prints the build's
 * own output and a one-line summary.
 */
export function build(root = ROOT) {
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!fs.existsSync(cli)) {
    process.stderr.write('command-post: electron-vite is not installed; run `npm install` first.\n');
    return false;
  }
  // Taken before the build, so an edit made while it runs makes the next start build again.
  const digest = inputsDigest(root);
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status === 0) {
    fs.writeFileSync(path.join(root, BUILD_STAMP), `${digest}\n`);
    return true;
  }
  process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  process.stderr.write(`command-post: the build failed (electron-vite build exited with ${r.status ?? r.signal}).\n`);
  return false;
}

/** Build unless out/ is up to date (or `force`, from --rebuild); says in one line which and why. */
export function ensureBuilt({ force = false, root = ROOT } = {}) {
  const state = force ? { upToDate: false, reason: '--rebuild' } : buildState(root);
  if (state.upToDate) {
    process.stderr.write(`command-post: build up to date (${state.reason}); --rebuild forces one.\n`);
    return true;
  }
  process.stderr.write(`command-post: building (${state.reason})…\n`);
  return build(root);
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
  const args = process.argv.slice(2);
  if (!ensureBuilt({ force: args.includes('--rebuild') })) process.exit(1);
  runHost(args.filter((a) => a !== '--rebuild'));
}
