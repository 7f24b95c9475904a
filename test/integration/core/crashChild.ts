// Child process for the crash-durability test: runs a mixed workload as fast as it can — declare,
// status and severity changes and timeline notes (each routed to two webhook integrations, so outbox
// rows are written in the same transactions), role assignments, and vault imports with the vault
// unlocked — and reports each command on stdout only after the core acknowledged it.
// The parent SIGKILLs it at random moments and checks what the database kept.
//   crashChild.ts <dataDir> <cycle> <seed>
// Each line is "ACK <json>" (acknowledged) or "ERR <json>" (refused, e.g. two concurrent status
// changes of one incident: not acknowledged, so not checked).
import fs from 'node:fs';
import { createCore } from '../../../main/core/createCore';
import { INCIDENT_STATUSES, SEVERITIES } from '../../../shared/domain/incidents';
import { mulberry32 } from '../../helpers/prng';
import { CRASH_HOOKS, CRASH_PASSPHRASE, CRASH_PEOPLE, type Ack } from './crashWorkload';

async function main() {
  const [dataDir, cycleArg, seedArg] = process.argv.slice(2) as [string, string, string];
  const cycle = Number(cycleArg);
  const rand = mulberry32(Number(seedArg) * 1_000 + cycle);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  // The outbox engine stays off: outbox rows stay where the transactions put them.
  const core = await createCore({ dataDir, keyStore: null, sync: { start: false } });
  if (!(await core.invoke('profile:get', {}))) {
    // Set up once, before READY (the parent's kill timer starts at READY).
    await core.invoke('profile:set', { displayName: 'Crash Tester', handle: 'crash' });
    await core.invoke('vault:create', { mode: 'passphrase', passphrase: CRASH_PASSPHRASE });
    for (const name of CRASH_HOOKS) {
      await core.invoke('integrations:configure', { kind: 'webhook', name, baseUrl: 'http://127.0.0.1:9', settings: { path: `/${name}` }, secret: `${name}-secret` });
    }
    for (const handle of CRASH_PEOPLE) await core.invoke('roster:upsert', { handle, name: `Person ${handle}` });
  } else {
    // The vault (and the integrity key, in the same passphrase store) opens with the passphrase.
    await core.invoke('vault:unlock', { passphrase: CRASH_PASSPHRASE });
  }
  const active = (await core.invoke('incidents:list', {})).filter((i) => i.status !== 'resolved' && i.status !== 'closed');
  const state = new Map(active.map((i) => [i.id, { status: i.status as string, severity: i.severity as string }]));
  fs.writeSync(1, `READY ${state.size}\n`);

  const report = (ok: boolean, body: unknown) => fs.writeSync(1, `${ok ? 'ACK' : 'ERR'} ${JSON.stringify(body)}\n`);
  let n = 0;
  const one = async (): Promise<void> => {
    const i = n++;
    const ids = [...state.keys()];
    const roll = rand();
    try {
      if (ids.length < 3 || roll < 0.1) {
        const severity = pick(SEVERITIES);
        const inc = await core.invoke('incidents:declare', { title: `Crash ${cycle}-${i}`, severity });
        state.set(inc.id, { status: inc.status, severity });
        return void report(true, { c: 'incidents:declare', incidentId: inc.id, severity } satisfies Ack);
      }
      const incidentId = pick(ids);
      const s = state.get(incidentId)!;
      if (roll < 0.25) {
        // Forward through the lifecycle; a resolved incident leaves the workload.
        const status = INCIDENT_STATUSES[INCIDENT_STATUSES.indexOf(s.status as never) + 1]!;
        await core.invoke('incidents:set-status', { id: incidentId, status: status as never });
        if (status === 'resolved') state.delete(incidentId);
        else s.status = status;
        return void report(true, { c: 'incidents:set-status', incidentId, status } satisfies Ack);
      }
      if (roll < 0.4) {
        const severity = pick(SEVERITIES.filter((x) => x !== s.severity));
        await core.invoke('incidents:set-severity', { id: incidentId, severity });
        s.severity = severity;
        return void report(true, { c: 'incidents:set-severity', incidentId, severity } satisfies Ack);
      }
      if (roll < 0.55) {
        const role = pick(['observer', 'sme'] as const);
        const person = pick(CRASH_PEOPLE);
        const a = await core.invoke('roles:assign', { incidentId, role, person });
        return void report(true, { c: 'roles:assign', incidentId, role, person, assignmentId: a.id } satisfies Ack);
      }
      if (roll < 0.85) {
        const e = await core.invoke('timeline:append', { incidentId, kind: pick(['note', 'decision', 'action'] as const), text: `ack-${cycle}-${i}` });
        return void report(true, { c: 'timeline:append', incidentId, eventId: e.eventId } satisfies Ack);
      }
      const a = await core.invoke('artifacts:import', { incidentId, name: `evidence-${cycle}-${i}.log`, dataBase64: Buffer.from(`evidence ${cycle}-${i}\n`.repeat(1 + (i % 50))).toString('base64') });
      return void report(true, { c: 'artifacts:import', incidentId, artifactId: a.id } satisfies Ack);
    } catch (err) {
      report(false, { i, message: err instanceof Error ? err.message.slice(0, 200) : String(err) });
    }
  };
  // Several in flight at once, as a busy console would send them, through the one write queue.
  for (;;) await Promise.all([one(), one(), one()]);
}

await main();
