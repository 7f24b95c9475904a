// Shared Playwright fixture: starts the BUILT browser host (out/main/host.js) on a free port with a
// fresh data directory and a random token, and gives tests its address plus a typed `api()` helper.
// It builds nothing: run `npm run build` (electron-vite build) before `npx playwright test`.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import type { CommandInput, CommandName, CommandResult } from '../../shared/contract';
import { IS_CI } from '../helpers/ci';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST_ENTRY = path.join(ROOT, 'out', 'main', 'host.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface HostHandle {
  /** The launch URL, `http://127.0.0.1:<port>/?token=<token>`. */
  url: string;
  token: string;
  dataDir: string;
  /** `http://127.0.0.1:<port>` */
  baseURL: string;
  /** Call a command over HTTP as the renderer would; throws with the backend's message on error. */
  api<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandResult<N>>;
  /** Stderr collected so far (for diagnosing failures). */
  logs(): string;
}

export interface StartHostOptions {
  /** Extra CLI arguments, e.g. ['--demo']. */
  args?: string[];
  /** Reuse a prepared data directory (e.g. seeded by a Node script) instead of a fresh one. */
  dataDir?: string;
  env?: Record<string, string>;
}

/** Start the built host; resolves once it prints its listening line. */
export async function startBuiltHost(opts: StartHostOptions = {}): Promise<HostHandle & { stop(): Promise<void> }> {
  if (!fs.existsSync(HOST_ENTRY)) {
    throw new Error(`${path.relative(ROOT, HOST_ENTRY)} is missing: run \`npm run build\` (electron-vite build) before the e2e tests.`);
  }
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cp-e2e-'));
  const ownDir = !opts.dataDir;
  const token = crypto.randomBytes(18).toString('base64url');
  const child: ChildProcess = spawn(process.execPath, [HOST_ENTRY, '--port', '0', '--data-dir', dataDir, '--token', token, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    stderr += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start within 20 s.\nstderr:\n${stderr}`)), 20_000);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => {
      out += d;
      const m = /Command Post listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${code ?? signal}) before listening.\nstderr:\n${stderr}`));
    });
  });
  const baseURL = new URL(url).origin;

  async function api<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandResult<N>> {
    const res = await fetch(`${baseURL}/api/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
    const body = (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } };
    if (!body.ok) throw new Error(`${name} → HTTP ${res.status} ${body.error?.code}: ${body.error?.message}`);
    return body.data as CommandResult<N>;
  }

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000));
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    }
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }

  return { url, token, dataDir, baseURL, api, logs: () => stderr, stop };
}

interface Fixtures {
  /** Extra host CLI args for this test file: `test.use({ hostArgs: ['--demo'] })`. */
  hostArgs: string[];
  host: HostHandle;
  chromiumCheck: void;
}

let warned = false;

export const test = base.extend<Fixtures>({
  // No Chromium: skip loudly locally; under CI the run must fail instead of silently passing.
  chromiumCheck: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern for fixture dependencies
    async ({}, use, testInfo) => {
      if (!fs.existsSync(CHROMIUM)) {
        if (IS_CI) throw new Error(`Chromium not found at ${CHROMIUM}; CI must run the e2e tests (apt-get install -y chromium).`);
        if (!warned) {
          warned = true;
          console.warn(`\n*** end-to-end tests NOT run: no Chromium at ${CHROMIUM} — install it with \`apt-get install chromium\` (or set CHROMIUM_PATH). ***\n`);
        }
        testInfo.skip(true, `no Chromium at ${CHROMIUM}`);
      }
      await use();
    },
    { auto: true },
  ],
  hostArgs: [[], { option: true }],
  host: async ({ hostArgs }, use, testInfo) => {
    const h = await startBuiltHost({ args: hostArgs });
    await use(h);
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('host-stderr', { body: h.logs(), contentType: 'text/plain' });
    await h.stop();
  },
});

export { expect };

/** Screenshots the foundation specs save for people to look at. */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

/** Declare through the header's button and the Declare dialog; the war room's header and its human id. */
export async function declareInUi(page: Page, title: string, severity: 'SEV-1' | 'SEV-2' | 'SEV-3' | 'SEV-4') {
  await page.getByRole('button', { name: 'Declare incident', exact: true }).click();
  const declare = page.getByRole('dialog', { name: 'Declare incident' });
  await declare.getByLabel('Title').fill(title);
  await declare.getByRole('radio', { name: new RegExp(`^${severity}`) }).check();
  await declare.getByRole('button', { name: 'Declare incident', exact: true }).click();
  // The dialog goes as soon as the incident exists; what the user types next belongs to the war room.
  await expect(declare).toBeHidden();
  const header = page.getByRole('region', { name: /^Incident INC-/ });
  await expect(header).toBeVisible();
  const humanId = ((await header.getAttribute('aria-label')) ?? '').replace('Incident ', '');
  return { header, humanId };
}
