// `npm run fakes`: start every fake vendor on 127.0.0.1 and print the settings to paste into
// Command Post (Integrations → Add) to try each integration locally: "sandbox integrations".
// Options: --base-port N (fakes on N…N+6, default 4900), --no-rate-limit.
import { SANDBOX_BASE_PORT } from '../../main/core/demo/sandbox';
import { FAKE_KINDS, sandboxIntegrations, startAllFakes, type FakeKind } from './index';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const bpIdx = argv.indexOf('--base-port');
  const base = bpIdx >= 0 ? Number(argv[bpIdx + 1]) : SANDBOX_BASE_PORT;
  if (!Number.isInteger(base) || base < 1024 || base > 65_000) throw new Error('--base-port must be an integer from 1024 to 65000');
  const ports = Object.fromEntries(FAKE_KINDS.map((k, i) => [k, base + i])) as Record<FakeKind, number>;
  const fakes = await startAllFakes({ rateLimit: !argv.includes('--no-rate-limit'), ports });
  const urls = Object.fromEntries(FAKE_KINDS.map((k) => [k, fakes[k].url])) as Record<FakeKind, string>;
  const out = process.stdout;
  out.write('Sandbox integrations: fake vendors on 127.0.0.1 (Ctrl+C to stop)\n\n');
  for (const k of FAKE_KINDS) out.write(`  ${k.padEnd(11)} ${urls[k]}   effects: ${urls[k]}/__fake/effects\n`);
  out.write('\nPaste each line into Integrations → Add integration → "Paste settings" (or send it as integrations:configure):\n\n');
  for (const cfg of sandboxIntegrations(urls)) out.write(`${JSON.stringify(cfg)}\n`);
  out.write('\nThese credentials are sandbox values accepted only by these local fakes.\n');
  if (base === SANDBOX_BASE_PORT) out.write('The demo (`npm start`) finds these fakes when it seeds its folder; `npm start -- --demo-reset` re-seeds it.\n');
  const stop = async () => {
    await fakes.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main().catch((err: unknown) => {
  process.stderr.write(`fakes: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
