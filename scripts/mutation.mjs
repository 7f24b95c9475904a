// `npm run mutation [-- <group> ...] [--write]`: mutation testing (StrykerJS + vitest) of the modules where
// a silent break is worst. Each group names its modules and the test files that guard them, so a mutant
// runs only against its guards (minutes, not hours); a mutant that survives is either a missing test or
// an equivalent mutant, listed with its reason in docs/mutation.json.
// --write records the scores in docs/mutation.json; without it the run fails when a
// group's score falls below the recorded one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = path.join(root, '.reports', 'mutation');

export const GROUPS = {
  dispatcher: {
    mutate: ['main/core/dispatcher.ts'],
    tests: ['test/integration/core/dispatcher.test.ts', 'test/integration/audit/audit.test.ts', 'test/integration/incidents/incidents.test.ts', 'test/integration/timeline/timeline.test.ts', 'test/integration/vault/kdfBounds.test.ts'],
  },
  audit: {
    mutate: ['main/core/audit/auditChain.ts', 'main/core/audit/integrity.ts'],
    tests: ['test/integration/audit/integrity.test.ts', 'test/integration/audit/integritySeal.test.ts', 'test/integration/audit/auditChain.test.ts', 'test/integration/audit/audit.test.ts', 'test/integration/audit/auditSeal.test.ts', 'test/integration/vault/custodySeal.test.ts', 'test/integration/audit/integrityMigration.test.ts'],
  },
  vault: {
    mutate: ['main/core/vault/format.ts', 'main/core/vault/bundle.ts', 'main/core/vault/sidecar.ts', 'main/core/keystore/sealed.ts', 'main/core/keystore/kdf.ts'],
    tests: ['test/unit/core/vault/**/*.test.ts', 'test/integration/vault/vault.test.ts', 'test/integration/vault/custody.test.ts', 'test/integration/vault/orphans.test.ts', 'test/integration/vault/kdfBounds.test.ts', 'test/integration/vault/keystore.test.ts'],
  },
  sync: {
    mutate: ['main/core/sync/engine.ts', 'main/core/sync/router.ts'],
    tests: ['test/integration/sync/smoke.test.ts', 'test/integration/sync/offline.test.ts', 'test/integration/sync/routing.test.ts', 'test/integration/sync/locked.test.ts', 'test/integration/sync/discard.test.ts', 'test/integration/sync/redact.test.ts', 'test/integration/sync/adapters.test.ts'],
  },
  host: {
    mutate: ['main/host/security.ts', 'main/host/server.ts'],
    tests: ['test/integration/host/*.test.ts', 'test/unit/host/**/*.test.ts'],
  },
  policy: {
    mutate: ['main/core/policy/**/*.ts'],
    tests: ['test/integration/incidents/incidents.test.ts', 'test/integration/vault/vault.test.ts', 'test/unit/app/fileDialogs.test.ts', 'test/unit/core/policy/*.test.ts'],
  },
};

function run(name, group) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const vitestConfig = path.join(dir, 'vitest.config.mjs');
  // One project, node environment: the guarded modules are core and host code. Stryker runs vitest in
  // one worker thread; there, with per-file isolation, guard files that each pass alone hang idle when
  // run one after the other (seen with the dispatcher group's four files), and without isolation they
  // pass. So the guard files share one module graph.
  fs.writeFileSync(
    vitestConfig,
    `export default { test: { include: ${JSON.stringify(group.tests)}, environment: 'node', testTimeout: 120000, hookTimeout: 60000, isolate: false } };\n`,
  );
  const strykerConfig = path.join(dir, 'stryker.config.json');
  const report = path.join(dir, 'mutation.json');
  fs.writeFileSync(
    strykerConfig,
    JSON.stringify(
      {
        testRunner: 'vitest',
        vitest: { configFile: path.relative(root, vitestConfig), related: false },
        coverageAnalysis: 'perTest',
        mutate: group.mutate,
        reporters: ['clear-text', 'json', 'progress-append-only'],
        jsonReporter: { fileName: path.relative(root, report) },
        concurrency: 2,
        timeoutMS: 30000,
        dryRunTimeoutMinutes: 30,
        tempDirName: '.stryker-tmp',
        cleanTempDir: 'always',
        thresholds: { high: 90, low: 80, break: null },
      },
      null,
      2,
    ),
  );
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'stryker'), ['run', strykerConfig], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) return { name, error: `stryker exited ${r.status}` };
  return { name, ...score(JSON.parse(fs.readFileSync(report, 'utf8'))) };
}

/** Killed (incl. timeouts) over all valid mutants; survivors listed with their place. */
export function score(report) {
  let killed = 0;
  let valid = 0;
  const survivors = [];
  for (const [file, f] of Object.entries(report.files ?? {})) {
    for (const m of f.mutants ?? []) {
      if (['CompileError', 'RuntimeError', 'Ignored'].includes(m.status)) continue;
      valid++;
      if (m.status === 'Killed' || m.status === 'Timeout') killed++;
      else survivors.push({ file: path.relative(root, path.resolve(root, file)), line: m.location?.start?.line ?? 0, mutator: m.mutatorName, replacement: m.replacement ?? '', status: m.status });
    }
  }
  return { killed, valid, score: valid ? Math.round((1000 * killed) / valid) / 10 : 100, survivors };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const names = args.filter((a) => !a.startsWith('--'));
  const chosen = names.length ? names : Object.keys(GROUPS);
  for (const n of chosen) if (!GROUPS[n]) throw new Error(`Unknown group ${n}; groups: ${Object.keys(GROUPS).join(', ')}`);
  const recordFile = path.join(root, 'docs', 'mutation.json');
  const recorded = fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, 'utf8')) : { groups: {} };
  const results = chosen.map((n) => run(n, GROUPS[n]));
  let failed = false;
  process.stdout.write('\nmutation score per group (killed / valid mutants)\n');
  for (const r of results) {
    if (r.error) {
      failed = true;
      process.stdout.write(`  ${r.name}: ${r.error}\n`);
      continue;
    }
    const before = recorded.groups[r.name]?.score;
    const fell = before !== undefined && r.score < before;
    if (fell) failed = true;
    process.stdout.write(`  ${r.name}: ${r.score}% (${r.killed}/${r.valid})${before !== undefined ? `, recorded ${before}%` : ''}${fell ? '  FELL' : ''}\n`);
    for (const s of r.survivors) process.stdout.write(`    survived ${s.file}:${s.line} ${s.mutator} → ${s.replacement.replace(/\s+/g, ' ').slice(0, 80)}\n`);
  }
  if (write) {
    for (const r of results) if (!r.error) recorded.groups[r.name] = { score: r.score, killed: r.killed, valid: r.valid, date: new Date().toISOString().slice(0, 10), equivalent: recorded.groups[r.name]?.equivalent ?? [] };
    fs.writeFileSync(recordFile, `${JSON.stringify(recorded, null, 2)}\n`);
    process.stdout.write(`recorded in ${path.relative(root, recordFile)}\n`);
  }
  process.exit(failed && !write ? 1 : 0);
}
