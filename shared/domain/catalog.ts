// The service catalog and per-incident impact, and the pure graph rules (blast radius, cycles) the core
// and the renderer both use, so the renderer can highlight a focused service without a round trip.
export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];
export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};
export const SERVICE_KINDS = ['component', 'resource', 'system', 'api'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const EDGE_TYPES = ['dependsOn', 'hasPart', 'consumesApi', 'providedBy'] as const;
/** `from` needs `to`: when `to` fails, `from` is in its blast radius. */
export type EdgeType = (typeof EDGE_TYPES)[number];
export interface FailoverState {
  /** Locations or roles the service can run from, e.g. ['eu-west-1', 'us-east-1'] or ['primary', 'secondary']. */
  options: string[];
  active: string;
}
export interface Service {
  id: string;
  kind: ServiceKind;
  name: string;
  title: string;
  description: string;
  owner: string;
  tier: string;
  runbookUrl: string | null;
  system: string | null;
  lifecycle: string;
  failover: FailoverState | null;
}
export interface ServiceEdge {
  from: string;
  to: string;
  type: EdgeType;
}
export interface UnknownRef {
  from: string;
  ref: string;
  field: string;
  document: number;
  line: number;
}
export interface CatalogGraph {
  services: Service[];
  edges: ServiceEdge[];
  unknownRefs: UnknownRef[];
  /** Strongly connected groups of more than one service (dependency cycles), each sorted. */
  cycles: string[][];
  importedAt: string | null;
  source: string | null;
}
export interface CatalogImportResult {
  services: number;
  edges: number;
  unknownRefs: UnknownRef[];
  cycles: string[][];
  ignored: Array<{ document: number; line: number; kind: string; name: string }>;
}
export interface ServiceImpact {
  service: string;
  status: ComponentStatus;
  updatedAt: string;
  updatedBy: string;
}
export interface BlastRadius {
  incidentId: string;
  statuses: ServiceImpact[];
  /** Services marked with anything but operational. */
  impacted: string[];
  /** Every service that depends on an impacted one, transitively, with its distance. */
  dependents: Array<{ id: string; depth: number; via: string }>;
  /** Everything the impacted services depend on, transitively (where to look for a cause). */
  dependencies: Array<{ id: string; depth: number; via: string }>;
}

export interface Adjacency {
  /** id → ids it depends on. */
  out: Map<string, string[]>;
  /** id → ids that depend on it. */
  in: Map<string, string[]>;
}
export function buildAdjacency(edges: ReadonlyArray<{ from: string; to: string }>): Adjacency {
  const out = new Map<string, string[]>();
  const inn = new Map<string, string[]>();
  for (const e of edges) {
    let o = out.get(e.from);
    if (!o) out.set(e.from, (o = []));
    o.push(e.to);
    let i = inn.get(e.to);
    if (!i) inn.set(e.to, (i = []));
    i.push(e.from);
  }
  return { out, in: inn };
}
/**
 * Breadth-first walk from `roots` along `next`, visiting each node once, so cycles terminate.
 * Returns reached nodes (roots excluded) with their distance and the node they were reached from.
 */
export function walk(roots: Iterable<string>, next: Map<string, string[]>): Array<{ id: string; depth: number; via: string }> {
  const seen = new Set<string>(roots);
  let frontier = [...seen];
  const result: Array<{ id: string; depth: number; via: string }> = [];
  let depth = 0;
  while (frontier.length > 0) {
    depth++;
    const nextFrontier: string[] = [];
    for (const id of frontier) {
      const ns = next.get(id);
      if (!ns) continue;
      for (const n of ns) {
        if (seen.has(n)) continue;
        seen.add(n);
        result.push({ id: n, depth, via: id });
        nextFrontier.push(n);
      }
    }
    frontier = nextFrontier;
  }
  return result;
}
/** Everything that depends on `roots`, transitively. */
export function dependentsOf(roots: Iterable<string>, adj: Adjacency) {
  return walk(roots, adj.in);
}
/** Everything `roots` depend on, transitively. */
export function dependenciesOf(roots: Iterable<string>, adj: Adjacency) {
  return walk(roots, adj.out);
}
/** Tarjan's strongly connected components (iterative, so 2,000-node chains do not blow the stack). */
export function findCycles(nodes: Iterable<string>, adj: Adjacency): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const start of nodes) {
    if (idx.has(start)) continue;
    const work: Array<{ id: string; i: number }> = [{ id: start, i: 0 }];
    idx.set(start, index);
    low.set(start, index);
    index++;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const ns = adj.out.get(top.id) ?? [];
      if (top.i < ns.length) {
        const n = ns[top.i++]!;
        if (!idx.has(n)) {
          idx.set(n, index);
          low.set(n, index);
          index++;
          stack.push(n);
          onStack.add(n);
          work.push({ id: n, i: 0 });
        } else if (onStack.has(n)) {
          low.set(top.id, Math.min(low.get(top.id)!, idx.get(n)!));
        }
      } else {
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(top.id)!));
        if (low.get(top.id) === idx.get(top.id)) {
          const comp: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            comp.push(w);
          } while (w !== top.id);
          const selfLoop = (adj.out.get(top.id) ?? []).includes(top.id);
          if (comp.length > 1 || selfLoop) out.push(comp.sort());
        }
      }
    }
  }
  return out;
}
/**
 * Only plain https links leave the app (runbooks); anything else is refused before it reaches a
 * shell or window.open. A regex rather than URL(): shared/ has no DOM or Node globals, and a narrow
 * grammar (no credentials, no whitespace, no control characters) is the point anyway.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
const SAFE_URL = /^https:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?(?:[/?#][^\s\u0000-\u001f\u007f<>"'`\\]*)?$/i;
export function safeExternalUrl(raw: string): string | null {
  const url = raw.trim();
  if (url.length === 0 || url.length > 2048) return null;
  return SAFE_URL.test(url) ? url : null;
}
