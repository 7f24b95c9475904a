// Renderer tests against the REAL core on a temp SQLite file. The renderer's API client is adapted
// onto core.dispatch/subscribe: the whole stack minus a transport (realHost.ts puts the browser host
// and HTTP + WebSocket in between, electronShell.ts the preload and the IPC handlers). Calls are recorded on the way through, never answered here.
// A test file using it starts with `// @vitest-environment node` and imports './nodeDom' first: the
// core hands AbortSignals to node:events, which rejects happy-dom's.
import { cleanup } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import type { CommandName, CommandPostApi } from '../../shared/contract';
import type { PushedEnvelope, PushedEventName, PushedEvents } from '../../shared/events';
import { AppError } from '../../shared/errors';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../main/core/createCore';
import { mountSmallDisk, type SmallDisk } from '../helpers/fullDisk';
import { fakeClock, tempCore, type TempCore } from '../helpers/tempCore';
import { renderWithApi } from './render';

export interface RecordedCall {
  name: CommandName;
  input: unknown;
}

/** A CommandPostApi answered by a real core; `calls` lists what the renderer sent, in order. */
export interface CoreApi extends CommandPostApi {
  readonly calls: RecordedCall[];
  /** Settles when every call sent so far has been answered. */
  idle(): Promise<void>;
  /** The page goes away: listeners are dropped and later calls fail as if the backend were gone. */
  close(): void;
}

/** What crosses a transport is JSON: the page never shares objects with the core. */
const overTheWire = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export function coreApi(core: Core): CoreApi {
  const calls: RecordedCall[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const unsubscribers = new Set<() => void>();
  let closed = false;

  const api: CoreApi = {
    calls,
    invoke: (async (name: CommandName, input: unknown) => {
      calls.push({ name, input: overTheWire(input) });
      if (closed) throw new AppError('unavailable', `The backend is gone (${name}).`);
      const p = core.dispatch(name, overTheWire(input ?? {}), { transport: 'ipc' });
      inFlight.add(p);
      try {
        const res = await p;
        if (!res.ok) throw AppError.fromBody(res.error);
        return overTheWire(res.data);
      } finally {
        inFlight.delete(p);
      }
    }) as CommandPostApi['invoke'],
    subscribe<E extends PushedEventName>(event: E, listener: (data: PushedEvents[E]) => void) {
      if (closed) return () => undefined;
      const off = core.subscribe((env: PushedEnvelope) => {
        if (!closed && env.event === event) listener(overTheWire(env.data) as PushedEvents[E]);
      });
      unsubscribers.add(off);
      return () => {
        off();
        unsubscribers.delete(off);
      };
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      closed = true;
      for (const off of unsubscribers) off();
      unsubscribers.clear();
    },
  };
  return api;
}

export type RealCoreOptions = Parameters<typeof tempCore>[0] & {
  /** Create a passphrase vault (it stays unlocked), which also unlocks the passphrase key store. */
  vault?: boolean;
};

export const VAULT_PASSPHRASE = 'correct horse battery staple';

/**
 * Real cores for the tests of the calling file, torn down after each test in the only safe order:
 * unmount, drop the page's listeners, wait for answers still in flight, close the core, delete its
 * directory. Defaults: no OS key store probing (keyStore null), a profile is set.
 */
export function useRealCores() {
  // Cores this factory made are closed after each test; a shared one (made in beforeAll by the
  // file) only loses the pages opened onto it.
  const live: Array<{ core: Core; apis: CoreApi[]; owned?: { cleanup(): Promise<void>; disk?: SmallDisk } }> = [];
  const teardowns: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    cleanup();
    // Transports (hosts, Electron windows) go before the cores they talk to, newest first.
    for (const fn of teardowns.splice(0).reverse()) await fn();
    for (const { apis, owned } of live.splice(0)) {
      for (const a of apis) a.close();
      for (const a of apis) await a.idle();
      await owned?.cleanup();
      owned?.disk?.cleanup();
    }
  });

  async function core(opts: RealCoreOptions = {}, disk?: SmallDisk): Promise<TempCore> {
    const { vault, ...rest } = opts;
    const c = await tempCore({ keyStore: null, ...rest });
    live.push({ core: c, apis: [], owned: { cleanup: () => c.cleanup(), ...(disk ? { disk } : {}) } });
    if (vault) await c.invoke('vault:create', { mode: 'passphrase', passphrase: VAULT_PASSPHRASE });
    return c;
  }

  /** A core whose data directory is on a small disk of its own that the test can fill. */
  async function coreOnSmallDisk(opts: RealCoreOptions = {}): Promise<{ core: TempCore; disk: SmallDisk }> {
    const disk = mountSmallDisk(4096);
    try {
      return { core: await core({ ...opts, dataDir: path.join(disk.dir, 'data') }, disk), disk };
    } catch (err) {
      disk.cleanup();
      throw err;
    }
  }

  /** A page's API onto `c`, closed after the test. */
  function api(c: Core): CoreApi {
    let entry = live.find((l) => l.core === c);
    if (!entry) live.push((entry = { core: c, apis: [] }));
    const a = coreApi(c);
    entry.apis.push(a);
    return a;
  }

  /** Render `ui` with the real providers around it, talking to `c`. */
  function render(ui: ReactElement, c: Core) {
    const a = api(c);
    return { ...renderWithApi(ui, a), api: a };
  }

  /** Run `fn` after the test, after unmounting and before any core closes (a host, a window…). */
  function teardown(fn: () => Promise<void> | void): void {
    teardowns.push(fn);
  }

  return { core, coreOnSmallDisk, api, render, teardown };
}

export type RealCores = ReturnType<typeof useRealCores>;

const SAMPLE_ROSTER = fs.readFileSync(path.resolve(__dirname, '../../resources/catalogs/roster.csv'), 'utf8');

/** Where the war-room pane tests start: a real core on a fake clock, with the sample roster imported. */
export async function rosterCore(real: RealCores): Promise<{ core: TempCore; clock: ReturnType<typeof fakeClock> }> {
  const clock = fakeClock();
  const core = await real.core({ now: clock.now });
  await core.invoke('roster:import', { format: 'csv', content: SAMPLE_ROSTER });
  return { core, clock };
}
