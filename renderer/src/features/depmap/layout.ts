// Automatic layout of the dependency graph: consumers on the left, what they depend on to the
// right. Cycles are allowed; they are broken for placement only.
//
// elkjs (layered) gives the best drawing but its cost grows with the long edges it must route
// through every layer: a 2,000-service / 5,000-edge catalog took 15–50 s and 250 services ~4 s on
// these machines. Beyond ELK_MAX_NODES we use our own layered layout (longest-path layers +
// barycentre ordering), which lays out that catalog in well under the 2 s target;
// bench/warroom.bench.ts measures both.
// Type only: elkjs (~1.4 MB) is loaded on first use so it is not parsed at start-up, where it would
// cost the war room its < 1 s first paint (it lands in its own chunk).
import type ELK from 'elkjs/lib/elk.bundled.js';

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 58;
const GAP_X = 80;
const GAP_Y = 18;
export const ELK_MAX_NODES = 120;

export type Positions = Map<string, { x: number; y: number }>;
type Edge = { from: string; to: string };

let elk: InstanceType<typeof ELK> | null = null;

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': String(GAP_Y),
  'elk.layered.spacing.nodeNodeBetweenLayers': String(GAP_X),
  'elk.layered.cycleBreaking.strategy': 'GREEDY',
  'elk.edgeRouting': 'POLYLINE',
  'elk.separateConnectedComponents': 'true',
};

function uniqueEdges(ids: readonly string[], edges: readonly Edge[]): Edge[] {
  const known = new Set(ids);
  const seen = new Set<string>();
  const out: Edge[] = [];
  for (const e of edges) {
    if (!known.has(e.from) || !known.has(e.to) || e.from === e.to) continue;
    const k = `${e.from}\u0000${e.to}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}

export async function elkLayout(ids: readonly string[], edges: readonly Edge[]): Promise<Positions> {
  elk ??= new (await import('elkjs/lib/elk.bundled.js')).default();
  const out = await elk.layout({
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: ids.map((id) => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: uniqueEdges(ids, edges).map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  const pos: Positions = new Map();
  for (const c of out.children ?? []) pos.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  return pos;
}

/** Layered layout in O((V + E) · sweeps): DFS cycle breaking, longest-path layers, barycentre order. */
export function fastLayout(ids: readonly string[], edges: readonly Edge[]): Positions {
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const e of uniqueEdges(ids, edges)) out[index.get(e.from)!]!.push(index.get(e.to)!);
  // 1. Drop back edges found by an iterative DFS, so what remains is acyclic.
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const dag: number[][] = Array.from({ length: n }, () => []);
  for (let s = 0; s < n; s++) {
    if (state[s]) continue;
    const stack: Array<[number, number]> = [[s, 0]];
    state[s] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [v, i] = top;
      if (i < out[v]!.length) {
        top[1]++;
        const w = out[v]![i]!;
        if (state[w] === 1) continue; // back edge: part of a cycle
        dag[v]!.push(w);
        if (state[w] === 0) {
          state[w] = 1;
          stack.push([w, 0]);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  // 2. Longest-path layering in topological order (Kahn).
  const indeg = new Int32Array(n);
  for (const ws of dag) for (const w of ws) indeg[w]!++;
  const layer = new Int32Array(n);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue.push(v);
  for (let qi = 0; qi < queue.length; qi++) {
    const v = queue[qi]!;
    for (const w of dag[v]!) {
      if (layer[v]! + 1 > layer[w]!) layer[w] = layer[v]! + 1;
      if (--indeg[w]! === 0) queue.push(w);
    }
  }
  const layers: number[][] = [];
  for (let v = 0; v < n; v++) (layers[layer[v]!] ??= []).push(v);
  // 3. Barycentre ordering: a few down and up sweeps over neighbours' positions.
  const pos = new Float64Array(n);
  const inn: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) for (const w of dag[v]!) inn[w]!.push(v);
  const place = (l: number[]) => l.forEach((v, i) => (pos[v] = i));
  layers.forEach(place);
  const sweep = (l: number[], nbrs: number[][]) => {
    const key = new Map<number, number>();
    for (const v of l) {
      const ns = nbrs[v]!;
      key.set(v, ns.length ? ns.reduce((a, w) => a + pos[w]!, 0) / ns.length : pos[v]!);
    }
    l.sort((a, b) => key.get(a)! - key.get(b)!);
    place(l);
  };
  for (let round = 0; round < 4; round++) {
    for (let i = 1; i < layers.length; i++) sweep(layers[i]!, inn);
    for (let i = layers.length - 2; i >= 0; i--) sweep(layers[i]!, dag);
  }
  // 4. Coordinates: columns per layer, each column centred on the tallest.
  const tallest = Math.max(1, ...layers.map((l) => l.length));
  const result: Positions = new Map();
  layers.forEach((l, li) => {
    const offset = ((tallest - l.length) * (NODE_HEIGHT + GAP_Y)) / 2;
    l.forEach((v, i) => result.set(ids[v]!, { x: li * (NODE_WIDTH + GAP_X), y: offset + i * (NODE_HEIGHT + GAP_Y) }));
  });
  return result;
}

export async function layoutGraph(ids: readonly string[], edges: readonly Edge[]): Promise<Positions> {
  return ids.length <= ELK_MAX_NODES ? elkLayout(ids, edges) : fastLayout(ids, edges);
}
