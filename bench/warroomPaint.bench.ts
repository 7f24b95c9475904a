// First paint of the war room on a 50,000-event incident (quality.md, performance: < 1 s in
// Chromium), against the first paint of a blank page in the same browser in the same run. Both are
// taken the same way: navigate a fresh browser context, wait until a given element is visible, read
// performance.now() (ms since navigation start) in the page. The incident is seeded through the
// core's write path (test/e2e/seedBigIncident.ts) and served by the BUILT browser host.
// Then the same with EVERY pane open (the layout a commander saved, so a reload paints them all):
// first paint again, and the frame times while the timeline scrolls 48,000 px (p95 ≤ 17 ms),
// against the frame times of the same page standing still (headless Chromium paces its own frames).
//   npm run build && npx tsx bench/warroomPaint.bench.ts       npm run bench -- warroomPaint
// Needs out/main/host.js (npm run build) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium);
// without them the figure is reported as skipped.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { percentile, type BenchResult } from './types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = path.join(root, 'out', 'main', 'host.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const N = Number(process.env.PAINT_BENCH_EVENTS ?? 50_000);
const ROUNDS = 5;
/** Every pane's shortcut: pressed in turn, each opens its pane (or brings it forward). */
const PANE_KEYS = ['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+6', 'Alt+7', 'Alt+8'];
const PANES = ['timeline', 'roles', 'timers', 'depmap', 'vault', 'outbox', 'integrations'];
/** Frame times standing still (60 frames), then while scrolling 120 × 400 px: p50, p95 of each. */
const FRAME_SAMPLER = `async (el) => {
  const sample = async (n, step) => {
    const times = [];
    let last = performance.now();
    let running = true;
    const tick = (t) => { times.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    for (let i = 0; i < n; i++) { if (step) step(); await new Promise((r) => requestAnimationFrame(() => r(null))); }
    running = false;
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)], frames: times.length };
  };
  const idle = await sample(60, null);
  const scroll = await sample(120, () => { el.scrollTop += 400; });
  return { idle, scroll };
}`;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function startHost(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const token = crypto.randomBytes(18).toString('base64url');
  const child = spawn(process.execPath, [HOST, '--port', '0', '--data-dir', dataDir, '--token', token], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the host did not start within 20 s')), 20_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /Command Post listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        resolve({
          url: m[1]!,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited (${code}) before listening`));
    });
  });
}

export async function run(): Promise<BenchResult[]> {
  const name = `war room first paint, ${N.toLocaleString('en-US')}-event incident (first timeline row visible), median of ${ROUNDS}`;
  if (!fs.existsSync(HOST)) return [{ name: `${name} (skipped: run \`npm run build\` first)`, value: NaN, unit: 'ms' }];
  if (!fs.existsSync(CHROMIUM)) return [{ name: `${name} (skipped: no Chromium at ${CHROMIUM})`, value: NaN, unit: 'ms' }];

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-bench-paint-'));
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/e2e/seedBigIncident.ts'), dataDir, String(N)], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr.slice(0, 500)}`);
  const blank = http.createServer((_q, s) => s.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html><body><p data-testid="blank">blank</p></body></html>'));
  await new Promise<void>((r) => blank.listen(0, '127.0.0.1', r));
  const blankUrl = `http://127.0.0.1:${(blank.address() as { port: number }).port}/`;
  const host = await startHost(dataDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const paint = async (url: string, testId: string) => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
      try {
        const page = await context.newPage();
        await page.goto(url);
        await page.getByTestId(testId).first().waitFor({ state: 'visible', timeout: 60_000 });
        return await page.evaluate(() => performance.now());
      } finally {
        await context.close();
      }
    };
    const warroom: number[] = [];
    const reference: number[] = [];
    // Alternated, so both see the same machine noise.
    for (let i = 0; i < ROUNDS; i++) {
      reference.push(await paint(blankUrl, 'blank'));
      warroom.push(await paint(host.url, 'timeline-row'));
    }
    const med = (a: number[]) => percentile([...a].sort((x, y) => x - y), 50);

    // Every pane open: open them once, then each round reloads (the saved layout brings them back).
    const all = await browser.newContext({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    const allPaint: number[] = [];
    let frames: { idle: { p50: number; p95: number }; scroll: { p50: number; p95: number; frames: number } };
    try {
      const page = await all.newPage();
      await page.goto(host.url);
      const visibleAll = async () => {
        await page.getByTestId('timeline-row').first().waitFor({ state: 'visible', timeout: 60_000 });
        for (const id of PANES) await page.locator(`[data-pane-tab="${id}"]`).waitFor({ state: 'visible', timeout: 30_000 });
      };
      await page.getByTestId('timeline-row').first().waitFor({ state: 'visible', timeout: 60_000 });
      for (const key of PANE_KEYS) await page.keyboard.press(key);
      await visibleAll();
      for (let i = 0; i < ROUNDS; i++) {
        await page.reload();
        await visibleAll();
        allPaint.push(await page.evaluate(() => performance.now()));
      }
      // The timeline in front of its area, so the rows scrolled are the ones on screen.
      await page.keyboard.press('Alt+1');
      // A string, not a function: tsx names inner functions with a helper the page does not have.
      frames = (await page.getByTestId('timeline-scroll').evaluate((el, src) => (0, eval)(src)(el), FRAME_SAMPLER)) as typeof frames;
    } finally {
      await all.close();
    }
    return [
      {
        name,
        value: med(warroom),
        unit: 'ms',
        reference: { name: 'blank page first paint, same browser, same way', value: med(reference) },
        ratio: med(warroom) / med(reference),
        target: '< 1 s',
        pass: med(warroom) < 1000,
      },
      { name: 'war room first paint, slowest of the rounds', value: Math.max(...warroom), unit: 'ms' },
      {
        name: `war room first paint with every pane open (${PANES.length} panes, 1920×1080), median of ${ROUNDS} reloads`,
        value: med(allPaint),
        unit: 'ms',
        reference: { name: 'blank page first paint, same browser, same way', value: med(reference) },
        ratio: med(allPaint) / med(reference),
        target: '< 1 s',
        pass: med(allPaint) < 1000,
      },
      {
        name: `timeline scrolling 48,000 px with every pane open, p95 frame time (${frames.scroll.frames} frames)`,
        value: frames.scroll.p95,
        unit: 'ms',
        reference: { name: 'same page standing still, p95 frame time', value: frames.idle.p95 },
        ratio: frames.scroll.p95 / frames.idle.p95,
        target: '≤ 17 ms',
        pass: frames.scroll.p95 <= 17,
      },
      {
        name: 'timeline scrolling with every pane open, p50 frame time',
        value: frames.scroll.p50,
        unit: 'ms',
        reference: { name: 'same page standing still, p50 frame time', value: frames.idle.p50 },
        ratio: frames.scroll.p50 / frames.idle.p50,
      },
    ];
  } finally {
    await browser.close();
    await host.stop();
    blank.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  void run().then((rows) => {
    for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit}${r.reference ? ` | ref ${r.reference.name}: ${r.reference.value.toFixed(1)}` : ''}${r.ratio !== undefined ? ` | ratio ${r.ratio.toFixed(2)}` : ''}`);
    process.exit(0);
  });
}
