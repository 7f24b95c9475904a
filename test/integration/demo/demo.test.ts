// The demo war room: prepareDemo() seeds a folder through the dispatcher, and every pane's queries then
// answer from one coherent story; with the vendor sandboxes running, the exercise reaches the chat,
// ticket and webhook fakes and never a pager or a public page.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core/createCore';
import { createCore, defaultResourcesDir } from '../../../main/core/createCore';
import { DEMO_PASSPHRASE_FILE, prepareDemo, unlockDemo, type DemoFolder } from '../../../main/core/demo/seed';
import { SANDBOX_KINDS } from '../../../main/core/demo/sandbox';
import { DEMO_TITLE } from '../../../main/core/demo/story';
import { silentLogger } from '../../../main/core/logger';
import { startAllFakes, type Fakes } from '../../fakes';
import { tempDir } from '../../helpers/tempCore';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function seeded(opts: { sandboxBasePort?: number | null } = {}): Promise<{ demo: DemoFolder; core: Core; dir: string }> {
  const dir = tempDir('cp-demo-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const demo = await prepareDemo({ dataDir: dir, resourcesDir: defaultResourcesDir(), logger: silentLogger, transport: 'cli', sandboxBasePort: opts.sandboxBasePort ?? null });
  // As the shells open the demo folder: no OS key store, then the demo vault unlocked.
  const core = await createCore({ dataDir: dir, keyStore: null });
  // Tests may close it themselves first (a restart); closing twice is not what they check.
  cleanups.push(() => core.close().catch(() => undefined));
  await unlockDemo(core, demo, { transport: 'cli', logger: silentLogger });
  return { demo, core, dir };
}

/** Seven consecutive free ports for the fakes, as `npm run fakes -- --base-port N` would use. */
async function fakesOnConsecutivePorts(): Promise<{ fakes: Fakes; base: number }> {
  let lastErr: unknown;
  for (let attempt = 0; attempt < 10; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    try {
      const ports = Object.fromEntries(SANDBOX_KINDS.map((k, i) => [k, base + i]));
      return { fakes: await startAllFakes({ ports }), base };
    } catch (err) {
      lastErr = err;
    }
  }
  throw lastErr;
}

const ROSTER = ['dana', 'maya', 'lee', 'sam', 'priya', 'alex', 'ravi', 'jo', 'elena', 'tom', 'grace', 'rosa'];

describe('the demo war room', () => {
  it('fills every pane from one story of real, audited commands at times relative to now', async () => {
    const before = Date.now();
    const { demo, core, dir } = await seeded();
    const now = Date.now();
    expect(demo).toMatchObject({ dataDir: dir, seeded: true, integrations: [] });

    // Header and incident list: one SEV-1 exercise, mitigated and being monitored.
    const incidents = await core.invoke('incidents:list', {});
    expect(incidents).toHaveLength(1);
    const inc = incidents[0]!;
    expect(inc).toMatchObject({ title: DEMO_TITLE, severity: 'SEV-1', status: 'monitoring', mode: 'exercise', humanId: demo.incident });
    const declared = Date.parse(inc.milestones.declared!);
    expect(declared).toBeGreaterThanOrEqual(before - 56 * 60_000);
    expect(declared).toBeLessThanOrEqual(now - 50 * 60_000);
    expect(inc.milestones.acknowledged && inc.milestones.mitigated).toBeTruthy();

    // Timeline: the whole story, decisions and two pins, nothing in the future.
    const entries = (await core.invoke('timeline:list', { incidentId: inc.id, limit: 500 })).entries;
    expect(entries.length).toBeGreaterThan(50);
    expect(entries.filter((e) => e.kind === 'decision').length).toBeGreaterThanOrEqual(5);
    expect(entries.filter((e) => e.pinned)).toHaveLength(2);
    expect(entries.every((e) => Date.parse(e.at) <= now)).toBe(true);
    expect(entries.some((e) => e.text.includes('no integration is configured'))).toBe(true);

    // Roles: a full command staff from the demo roster.
    expect((await core.invoke('roster:list', {})).map((p) => p.handle).sort()).toEqual([...ROSTER].sort());
    const holders = (await core.invoke('roles:list', { incidentId: inc.id })).holders.map((h) => `${h.role}:${h.person}`).sort();
    expect(holders).toEqual(
      ['incident_commander:dana', 'deputy:maya', 'scribe:lee', 'comms_lead:sam', 'ops_lead:priya', 'sme:alex', 'sme:ravi', 'customer_liaison:jo', 'observer:rosa'].sort(),
    );

    // Time-boxes: a decided box that expired, a running one, an answered ask and an overdue one.
    const { timers } = await core.invoke('timers:list', { incidentId: inc.id });
    const diag = timers.filter((t) => t.kind === 'diagnosis');
    expect(diag.find((t) => t.state === 'resolved')).toMatchObject({ decision: 'done', expiredAt: expect.any(String) });
    const running = diag.find((t) => t.state === 'running' || t.state === 'warning');
    expect(running && Date.parse(running.dueAt)).toBeGreaterThan(now);
    const asks = timers.filter((t) => t.kind === 'ask');
    expect(asks.find((t) => t.state === 'resolved')?.decision).toBe('done');
    expect(asks.find((t) => t.state === 'expired')?.owner).toBe('jo');
    // Cadence: the next status update is due, and no update is overdue.
    const cadence = timers.filter((t) => t.kind === 'cadence' && t.state !== 'resolved' && t.state !== 'cancelled');
    expect(cadence.map((t) => t.policyKey).sort()).toEqual(['can-report', 'exec-summary', 'status-update', 'time-check']);
    expect(cadence.every((t) => Date.parse(t.dueAt) > now)).toBe(true);

    // Dependency map: the demo catalog, the failover, the impact and its blast radius.
    const graph = await core.invoke('catalog:graph', {});
    expect(graph.services).toHaveLength(13);
    expect(graph.edges).toHaveLength(13);
    expect(graph.services.find((s) => s.id === 'checkout-api')?.failover?.active).toBe('eu-central-1');
    const blast = await core.invoke('impact:blast-radius', { incidentId: inc.id });
    expect([...blast.impacted].sort()).toEqual(['checkout-api', 'payments-gateway']);
    expect(blast.dependents.map((d) => d.id)).toEqual(expect.arrayContaining(['storefront', 'mobile-bff']));
    expect(blast.dependencies.map((d) => d.id)).toEqual(expect.arrayContaining(['payments-db', 'card-network']));

    // Vault: created behind a generated passphrase kept in the demo folder, unlocked, two artifacts.
    expect(await core.invoke('vault:status', {})).toMatchObject({ state: 'unlocked', mode: 'passphrase', artifacts: 2 });
    expect(demo.passphraseFile).toBe(`${dir}/${DEMO_PASSPHRASE_FILE}`);
    expect(fs.statSync(demo.passphraseFile!).mode & 0o777).toBe(0o600);
    const artifacts = await core.invoke('artifacts:list', { incidentId: inc.id });
    expect(artifacts.map((a) => a.name).sort()).toEqual(['payments-gateway-pool.log', 'rollback-steps.csv']);
    expect((await core.invoke('custody:verify', {})).ok).toBe(true);

    // Outbox and integrations: nothing configured, nothing queued (and the timeline said so).
    expect(await core.invoke('integrations:list', {})).toEqual([]);
    expect(await core.invoke('outbox:list', {})).toEqual([]);

    // Audit: every step is its own audited command, by the person who took it, at the story's time.
    const audit = await core.invoke('audit:list', { limit: 500 });
    expect(audit.length).toBeGreaterThanOrEqual(55);
    expect(audit.every((a) => a.outcome === 'ok')).toBe(true);
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set([...ROSTER.filter((h) => ['dana', 'maya', 'lee', 'sam', 'priya', 'alex', 'ravi', 'rosa'].includes(h)), 'demo']));
    const byCommand = (command: string) => audit.filter((a) => a.command === command);
    expect(byCommand('incidents:declare').map((a) => a.actor)).toEqual(['dana']);
    expect(byCommand('roles:assign').length).toBe(9);
    expect(byCommand('timers:resolve').map((a) => a.actor)).toEqual(expect.arrayContaining(['alex', 'sam', 'maya', 'dana']));
    expect(byCommand('vault:create').map((a) => a.actor)).toEqual(['rosa']);
    expect(byCommand('vault:unlock').map((a) => a.actor)).toEqual(['demo']);
    const times = audit.map((a) => Date.parse(a.at));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(before - 57 * 60_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
    expect((await core.invoke('audit:verify', {})).ok).toBe(true);

    // The evidence decrypts (a newcomer's preview, itself audited).
    const preview = await core.invoke('artifacts:read', { id: artifacts.find((a) => a.name.endsWith('.log'))!.id }, { transport: 'http', actorOverride: 'newcomer' });
    expect(preview.text).toContain('pool=card-auth');
  });

  it('seeds once: a second start finds the demo and adds nothing', async () => {
    const { demo, core, dir } = await seeded();
    const entries = (await core.invoke('timeline:list', { incidentId: demo.incident!, limit: 500 })).entries.length;
    await core.close();
    const again = await prepareDemo({ dataDir: dir, resourcesDir: defaultResourcesDir(), logger: silentLogger, transport: 'cli', sandboxBasePort: null });
    expect(again).toMatchObject({ seeded: false, incident: demo.incident, passphraseFile: demo.passphraseFile });
    const reopened = await createCore({ dataDir: dir, keyStore: null });
    cleanups.push(() => reopened.close());
    expect(await reopened.invoke('incidents:list', {})).toHaveLength(1);
    expect((await reopened.invoke('timeline:list', { incidentId: demo.incident!, limit: 500 })).entries).toHaveLength(entries);
    // Locked again after the restart, until the shell unlocks it with the passphrase file.
    expect((await reopened.invoke('vault:status', {})).state).toBe('locked');
    await unlockDemo(reopened, again, { transport: 'cli', logger: silentLogger });
    expect((await reopened.invoke('vault:status', {})).state).toBe('unlocked');
  });

  it('never seeds a folder that holds anything, and resets only a folder it made', async () => {
    const dir = tempDir('cp-demo-real-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const real = await createCore({ dataDir: dir, keyStore: null });
    await real.invoke('profile:set', { displayName: 'Real User', handle: 'real' });
    await real.invoke('incidents:declare', { title: 'Real outage', severity: 'SEV-2' });
    await real.close();
    const opts = { dataDir: dir, resourcesDir: defaultResourcesDir(), logger: silentLogger, transport: 'cli' as const, sandboxBasePort: null };
    const demo = await prepareDemo(opts);
    expect(demo.seeded).toBe(false);
    expect(demo.notes.join('\n')).toMatch(/demo not loaded: .* already holds incidents/);
    await expect(prepareDemo({ ...opts, reset: true })).rejects.toThrow(/not made by the demo/);
    const after = await createCore({ dataDir: dir, keyStore: null });
    cleanups.push(() => after.close());
    expect((await after.invoke('incidents:list', {})).map((i) => i.title)).toEqual(['Real outage']);
    expect((await after.invoke('vault:status', {})).state).toBe('uninitialized');
  });

  it('starts over on --demo-reset', async () => {
    const { demo, core, dir } = await seeded();
    await core.invoke('timeline:append', { incidentId: demo.incident!, kind: 'note', text: 'A newcomer tried the composer.' }, { transport: 'cli', actorOverride: 'newcomer' });
    await core.close();
    const reset = await prepareDemo({ dataDir: dir, resourcesDir: defaultResourcesDir(), logger: silentLogger, transport: 'cli', sandboxBasePort: null, reset: true });
    expect(reset.seeded).toBe(true);
    const reopened = await createCore({ dataDir: dir, keyStore: null });
    cleanups.push(() => reopened.close());
    const incidents = await reopened.invoke('incidents:list', {});
    expect(incidents).toHaveLength(1);
    const texts = (await reopened.invoke('timeline:list', { incidentId: incidents[0]!.id, limit: 500 })).entries.map((e) => e.text);
    expect(texts).not.toContain('A newcomer tried the composer.');
  });

  it('with the vendor sandboxes running, the exercise reaches Slack, Teams, Jira and the webhook, and no pager or public page', async () => {
    const { fakes, base } = await fakesOnConsecutivePorts();
    cleanups.push(() => fakes.close());
    const { demo, core } = await seeded({ sandboxBasePort: base });
    expect([...demo.integrations].sort()).toEqual([...SANDBOX_KINDS].sort());
    expect((await core.invoke('integrations:list', {})).map((i) => i.name).sort()).toEqual([...SANDBOX_KINDS].sort());
    // The shell's core drains what the story queued (bounded wait).
    const deadline = Date.now() + 60_000;
    let items = await core.invoke('outbox:list', { limit: 500 });
    while (items.some((i) => i.state !== 'delivered') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      items = await core.invoke('outbox:list', { limit: 500 });
    }
    expect(items.length).toBeGreaterThan(10);
    expect(items.filter((i) => i.state !== 'delivered')).toEqual([]);
    expect(new Set(items.map((i) => i.integration))).toEqual(new Set(['slack', 'teams', 'jira', 'webhook']));
    // Judged at the fakes: each exercise-safe vendor acted, the pagers and the public page did not.
    for (const k of ['slack', 'teams', 'jira', 'webhook'] as const) expect(fakes[k].effects.log.length, k).toBeGreaterThan(0);
    for (const k of ['pagerduty', 'opsgenie', 'statuspage'] as const) expect(fakes[k].effects.log, k).toEqual([]);
  });
});
