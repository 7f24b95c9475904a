// No import circle in the product, counting type-only imports: a type tie still means two modules
// cannot be understood or moved apart. (ESLint's import-x/no-cycle also runs, but it skips type-only
// imports by design, so this test reads every import itself.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const ROOTS = ['shared', 'main', 'preload', 'renderer/src'];
const EXTENSIONS = ['.ts', '.tsx', '.mts'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (EXTENSIONS.some((x) => e.name.endsWith(x)) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** A relative specifier as TypeScript resolves it (file, file + extension, folder index). */
function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, ...EXTENSIONS.map((x) => base + x), ...EXTENSIONS.map((x) => path.join(base, `index${x}`))];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

/** Every import, export-from and import() of relative modules, type-only ones included. */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const deps = info.importedFiles
      .map((f) => f.fileName)
      .filter((s) => s.startsWith('.') && !/\.(css|png|svg|wav|json)$/.test(s))
      .map((s) => resolve(file, s))
      .filter((p): p is string => p !== null);
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

/** Strongly connected components of more than one module, or a module importing itself (Tarjan). */
export function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import circles', () => {
  it('finds a circle, also one tied only by types', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(circles(g)).toEqual([['a', 'b', 'c']]);
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'cp-cycle-'));
    try {
      fs.writeFileSync(path.join(dir, 'x.ts'), "import type { Y } from './y';\nexport type X = Y[];\n");
      fs.writeFileSync(path.join(dir, 'y.ts'), "export type { X as Z } from './x';\nexport interface Y { n: number }\n");
      const files = [path.join(dir, 'x.ts'), path.join(dir, 'y.ts')];
      expect(circles(importGraph(files))).toEqual([files]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('there is none in shared/, main/, preload/ or renderer/src/', () => {
    const files = ROOTS.flatMap((r) => sourceFiles(path.join(root, r)));
    expect(files.length).toBeGreaterThan(150);
    const found = circles(importGraph(files)).map((c) => c.map((f) => path.relative(root, f)).join(' ↔ '));
    expect(found).toEqual([]);
  });
});
