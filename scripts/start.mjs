// `npm start`: build when out/ is not up to date (--rebuild forces it), then launch the Electron app on
// the demo war room, which lives in its own folder beside the data folder (`--demo`; `--no-demo` opens
// the real data folder, `--demo-reset` seeds the demo again). Where no Electron binary can be obtained
// (its download host is unreachable on our machines) it says so in ONE line and starts the browser
// host instead (`node out/main/host.js --demo` + the arguments), whose own line prints the URL.
// Never a stack trace: every failure is one plain sentence.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, ensureBuilt, runForwarding, runHost } from './web.mjs';

/** How long the electron package may spend fetching its binary (a first download is ~100 MB). */
const DOWNLOAD_TIMEOUT_MS = Number(process.env.COMMAND_POST_ELECTRON_TIMEOUT_MS ?? 180_000);
const MARKER = '@@command-post-electron@@';

/**
 * The Electron executable, or the reason there is none: an already downloaded binary first
 * (node_modules/electron/path.txt + dist/), otherwise `require('electron')` in a child process,
 * which downloads it lazily, with piped stdio and a time limit.
 */
export function findElectron() {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  if (!fs.existsSync(path.join(dir, 'package.json'))) return { exe: null, reason: 'not installed' };
  const pathFile = path.join(dir, 'path.txt');
  if (fs.existsSync(pathFile)) {
    const exe = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    if (fs.existsSync(exe)) return { exe, reason: null };
  }
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { exe: null, reason: 'download skipped by ELECTRON_SKIP_BINARY_DOWNLOAD' };
  const probe = `const p = require('electron'); process.stdout.write(${JSON.stringify(MARKER)} + p);`;
  const r = spawnSync(process.execPath, ['-e', probe], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: DOWNLOAD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.error && r.error.code === 'ETIMEDOUT') return { exe: null, reason: 'download timed out' };
  const at = (r.stdout ?? '').lastIndexOf(MARKER);
  if (r.status === 0 && at >= 0) {
    const exe = r.stdout.slice(at + MARKER.length).trim();
    if (exe && fs.existsSync(exe)) return { exe, reason: null };
  }
  return { exe: null, reason: 'download blocked' };
}

/** The arguments for the app or host: --demo unless --no-demo or --demo-here; --rebuild is ours. */
export function launchArgs(args) {
  const rest = args.filter((a) => a !== '--rebuild' && a !== '--no-demo');
  const demo = !args.includes('--no-demo') && !args.includes('--demo-here') && !args.includes('--demo');
  return demo ? ['--demo', ...rest] : rest;
}

function main(argv) {
  if (!ensureBuilt({ force: argv.includes('--rebuild') })) process.exit(1);
  const args = launchArgs(argv);
  const { exe, reason } = findElectron();
  if (exe) {
    // ELECTRON_RUN_AS_NODE would turn the app binary into a plain Node and skip the shell.
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    runForwarding(exe, ['.', ...args], { env });
    return;
  }
  process.stdout.write(`Electron binary unavailable here (${reason}); starting the browser host instead.\n`);
  runHost(args);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) main(process.argv.slice(2));
