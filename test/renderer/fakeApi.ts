// A small in-memory CommandPostApi for renderer tests. It follows the contract exactly: inputs are
// parsed with the contract's own zod schemas (so invalid input yields the same issues[] the backend
// sends) and results have the contract's result types. Only the commands the war room uses are
// implemented; anything else rejects loudly.
import type { CommandInput, CommandName, CommandPostApi, CommandResult, PushedEventName, PushedEvents } from '../../shared/contract';
import { commands } from '../../shared/contract';
import type { Incident, Profile, TimelineEntry } from '../../shared/domain';
import { AppError } from '../../shared/errors';

type Handler = (input: any) => unknown;

export interface FakeApi extends CommandPostApi {
  calls: Array<{ name: CommandName; input: unknown }>;
  profile: Profile | null;
  incidents: Incident[];
  entries: Map<string, TimelineEntry[]>; // incident id → entries, oldest first
  emit<E extends PushedEventName>(event: E, data: PushedEvents[E]): void;
  /** Override one command (e.g. to fail it). */
  override<N extends CommandName>(name: N, fn: (input: CommandInput<N>) => CommandResult<N> | Promise<CommandResult<N>>): void;
}

let seq = 0;
const ulid = () => `01J${String(++seq).padStart(23, '0')}`;

export function makeIncident(partial: Partial<Incident> = {}): Incident {
  const now = new Date().toISOString();
  const id = partial.id ?? ulid();
  return {
    id,
    humanId: 'INC-2026-0001',
    title: 'Checkout API returning 502s',
    summary: '',
    severity: 'SEV-2',
    status: 'investigating',
    mode: 'real',
    createdBy: 'ada',
    createdAt: now,
    updatedAt: now,
    milestones: { declared: now },
    entryCount: 0,
    pinnedCount: 0,
    ...partial,
  };
}

export function makeEntries(incidentId: string, n: number, at0 = Date.now() - n * 1000): TimelineEntry[] {
  const kinds = ['note', 'decision', 'action'] as const;
  const out: TimelineEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      eventId: `E${String(i + 1).padStart(8, '0')}`,
      incidentId,
      seq: i + 1,
      kind: kinds[i % 3]!,
      text: `Entry number ${i + 1}`,
      actor: 'ada',
      at: new Date(at0 + i * 1000).toISOString(),
      hlc: String(i),
      pinned: false,
      corrected: null,
    };
  }
  return out;
}

export function createFakeApi(init: { profile?: Profile | null; incidents?: Incident[]; entries?: Record<string, TimelineEntry[]> } = {}): FakeApi {
  const listeners = new Map<string, Set<(d: any) => void>>();
  const overrides = new Map<string, Handler>();
  const api = {} as FakeApi;
  api.calls = [];
  api.profile = init.profile === undefined ? { displayName: 'Ada Lovelace', handle: 'ada', createdAt: new Date().toISOString() } : init.profile;
  api.incidents = init.incidents ?? [];
  api.entries = new Map(Object.entries(init.entries ?? {}));

  const changed = (domains: string[], incidentId?: string) => api.emit('db:changed', { domains, ...(incidentId ? { incidentId } : {}) });
  const findIncident = (ref: string) => {
    const inc = api.incidents.find((i) => i.id === ref || i.humanId === ref);
    if (!inc) throw new AppError('not_found', `No incident ${ref}.`);
    return inc;
  };
  const findEntry = (eventId: string) => {
    for (const list of api.entries.values()) {
      const e = list.find((x) => x.eventId === eventId);
      if (e) return { e, list };
    }
    throw new AppError('not_found', `No timeline entry ${eventId}.`);
  };
  const history = new Map<string, Array<{ eventId: string; text: string; actor: string; at: string }>>();

  const handlers: Partial<Record<CommandName, Handler>> = {
    'app:info': () => ({ version: '0.1.0', schemaVersion: 1, dataDir: '/tmp/command-post-test', profile: api.profile, demoAvailable: true }),
    'profile:get': () => api.profile,
    'profile:set': (i: { displayName: string; handle: string }) => {
      api.profile = { ...i, createdAt: new Date().toISOString() };
      changed(['profile']);
      return api.profile;
    },
    'sync:status': () => ({ pending: 3, dead: 0, offline: false, locked: false, integrations: [] }),
    'incidents:list': (i: { status?: string; mode?: string }) => api.incidents.filter((x) => (!i.status || x.status === i.status) && (!i.mode || x.mode === i.mode)),
    'incidents:get': (i: { id: string }) => findIncident(i.id),
    'incidents:declare': (i: { title: string; severity: Incident['severity']; summary?: string; mode?: Incident['mode'] }) => {
      const inc = makeIncident({ title: i.title, severity: i.severity, summary: i.summary ?? '', mode: i.mode ?? 'real', humanId: `INC-2026-${String(api.incidents.length + 1).padStart(4, '0')}` });
      api.incidents.unshift(inc);
      api.entries.set(inc.id, []);
      changed(['incidents'], inc.id);
      return inc;
    },
    'incidents:set-severity': (i: { id: string; severity: Incident['severity'] }) => {
      const inc = findIncident(i.id);
      inc.severity = i.severity;
      changed(['incidents'], inc.id);
      return inc;
    },
    'incidents:set-status': (i: { id: string; status: Incident['status'] }) => {
      const inc = findIncident(i.id);
      inc.status = i.status;
      changed(['incidents'], inc.id);
      return inc;
    },
    'timeline:append': (i: { incidentId: string; kind: TimelineEntry['kind']; text: string }) => {
      const inc = findIncident(i.incidentId);
      const list = api.entries.get(inc.id) ?? [];
      const last = list[list.length - 1];
      const e: TimelineEntry = { eventId: ulid(), incidentId: inc.id, seq: (last?.seq ?? 0) + 1, kind: i.kind, text: i.text, actor: api.profile?.handle ?? 'system', at: new Date().toISOString(), hlc: '0', pinned: false, corrected: null };
      list.push(e);
      api.entries.set(inc.id, list);
      changed(['timeline'], inc.id);
      return e;
    },
    'timeline:list': (i: { incidentId: string; before?: number; limit?: number; kinds?: string[]; search?: string; pinnedOnly?: boolean }) => {
      const inc = findIncident(i.incidentId);
      const all = api.entries.get(inc.id) ?? [];
      const match = (e: TimelineEntry) =>
        (!i.kinds || i.kinds.length === 0 || i.kinds.includes(e.kind)) && (!i.pinnedOnly || e.pinned) && (!i.search || e.text.toLowerCase().includes(i.search.toLowerCase()));
      const filtered = i.kinds || i.pinnedOnly || i.search ? all.filter(match) : all;
      const limit = i.limit ?? 100;
      // Newest first, `before` is an exclusive seq cursor; entries are stored oldest first by seq.
      let end = filtered.length;
      if (i.before !== undefined) {
        let lo = 0;
        let hi = filtered.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (filtered[mid]!.seq < i.before) lo = mid + 1;
          else hi = mid;
        }
        end = lo;
      }
      const start = Math.max(0, end - limit);
      const entries = filtered.slice(start, end).reverse();
      const last = entries[entries.length - 1];
      return { entries, total: filtered.length, nextBefore: entries.length === limit && last ? last.seq : null };
    },
    'timeline:pin': (i: { eventId: string; pinned: boolean }) => {
      const { e } = findEntry(i.eventId);
      e.pinned = i.pinned;
      changed(['timeline'], e.incidentId);
      return e;
    },
    'timeline:correct': (i: { eventId: string; text: string }) => {
      const { e } = findEntry(i.eventId);
      const h = history.get(e.eventId) ?? [{ eventId: e.eventId, text: e.text, actor: e.actor, at: e.at }];
      h.push({ eventId: ulid(), text: i.text, actor: api.profile?.handle ?? 'system', at: new Date().toISOString() });
      history.set(e.eventId, h);
      e.corrected = { at: new Date().toISOString(), by: api.profile?.handle ?? 'system', originalText: h[0]!.text, revisions: h.length - 1 };
      e.text = i.text;
      changed(['timeline'], e.incidentId);
      return e;
    },
    'timeline:history': (i: { eventId: string }) => {
      const { e } = findEntry(i.eventId);
      return history.get(e.eventId) ?? [{ eventId: e.eventId, text: e.text, actor: e.actor, at: e.at }];
    },
    'demo:load': () => {
      const inc = makeIncident({ title: 'Demo: checkout 502s', mode: 'exercise', humanId: `INC-2026-${String(api.incidents.length + 1).padStart(4, '0')}` });
      api.incidents.unshift(inc);
      api.entries.set(inc.id, makeEntries(inc.id, 5));
      changed(['incidents', 'timeline'], inc.id);
      return inc;
    },
  };

  api.invoke = (async <N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandResult<N>> => {
    api.calls.push({ name, input });
    const parsed = commands[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
      throw new AppError('invalid_input', `Invalid input for ${name}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
    }
    const h = overrides.get(name) ?? handlers[name];
    if (!h) throw new AppError('unknown_command', `The fake API does not implement ${name}.`);
    return (await h(parsed.data)) as CommandResult<N>;
  }) as FakeApi['invoke'];

  api.subscribe = ((event: string, listener: (d: any) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }) as FakeApi['subscribe'];

  api.emit = (event, data) => {
    for (const l of listeners.get(event) ?? []) l(data);
  };
  api.override = (name, fn) => overrides.set(name, fn as Handler);
  return api;
}
