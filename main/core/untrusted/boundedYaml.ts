// The one way untrusted YAML (and JSON read as YAML for its line numbers) is parsed. Imported files
// are hostile until proven otherwise, and the `yaml` package trusts its input in two ways:
// - Its composer recurses once per nesting level: 20 KB of "[[[[…" overflows the stack, and when that
//   happens inside V8's regexp compiler the whole process aborts. So the concrete syntax tree (built
//   iteratively) is measured first and anything nested deeper than MAX_DEPTH is never composed.
// - Aliases expand: nine aliases of nine aliases of … ("billion laughs") is 9^9 values from a few
//   lines, and resolving many aliases costs a scan of the document each. So a document may hold at most
//   MAX_ALIASES aliases, and an alias may only name a node that holds no alias itself: sharing a value
//   or a mapping stays possible, expansion stays linear in the file's size.
// Every problem comes back with its document and line; nothing here throws on bad input.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, type CST, type Document, type Node } from 'yaml';

/** Deeper than any catalog or roster needs (a Backstage entity is about six levels deep). */
export const MAX_DEPTH = 64;
/** Aliases per document. */
export const MAX_ALIASES = 100;

export interface YamlProblem {
  /** 'limit': the file is refused whatever it means; 'syntax': it is not well-formed YAML. */
  kind: 'limit' | 'syntax';
  /** 1-based document number in the stream. */
  document: number;
  line: number;
  message: string;
}

export interface BoundedYaml {
  lineCounter: LineCounter;
  /** Empty when any document is nested too deeply (then nothing was composed). */
  documents: Document.Parsed[];
  /** Syntax errors and limits, in document order. */
  problems: YamlProblem[];
}

type CstToken = CST.Token;

function children(token: CstToken): CstToken[] {
  switch (token.type) {
    case 'document':
      return token.value ? [token.value] : [];
    case 'block-map':
    case 'block-seq':
    case 'flow-collection': {
      const out: CstToken[] = [];
      for (const item of token.items) {
        if ('key' in item && item.key) out.push(item.key);
        if (item.value) out.push(item.value);
      }
      return out;
    }
    default:
      return [];
  }
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** The first token nested deeper than MAX_DEPTH, found without recursion. */
function tooDeep(doc: CstToken): CstToken | null {
  const stack: Array<[CstToken, number]> = [[doc, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    const d = COLLECTIONS.has(token.type) ? depth + 1 : depth;
    if (d > MAX_DEPTH) return token;
    for (const c of children(token)) stack.push([c, d]);
  }
  return null;
}

/** Parse every document of `content`, bounded as described above. */
export function parseYaml(content: string): BoundedYaml {
  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(content));
  const problems: YamlProblem[] = [];
  let n = 0;
  for (const token of tokens) {
    if (token.type !== 'document') continue;
    n++;
    const deep = tooDeep(token);
    if (deep) problems.push({ kind: 'limit', document: n, line: lineCounter.linePos(deep.offset).line, message: `YAML nested deeper than ${MAX_DEPTH} levels` });
  }
  if (problems.length > 0) return { lineCounter, documents: [], problems };

  const documents = Array.from(new Composer({ prettyErrors: false, uniqueKeys: true }).compose(tokens));
  documents.forEach((doc, i) => {
    for (const err of doc.errors) {
      const line = err.pos ? lineCounter.linePos(err.pos[0]).line : (err.linePos?.[0]?.line ?? 1);
      problems.push({ kind: 'syntax', document: i + 1, line, message: `YAML syntax error: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` });
    }
  });
  return { lineCounter, documents, problems };
}

function lineOf(node: { range?: [number, number, number] | null }, lc: LineCounter): number {
  return node.range ? lc.linePos(node.range[0]).line : 1;
}

/** Why the aliases of `doc` could expand beyond the file's size, with the line, or null. */
function aliasProblem(doc: Document.Parsed, lc: LineCounter): { line: number; message: string } | null {
  // Walk in document order (pre-order), so an anchor is seen before any alias that may name it;
  // a node's "holds an alias" flag is settled when the walk leaves it (post-order).
  const anchors = new Map<string, Node>();
  const holdsAlias = new WeakSet<Node>();
  const uses: Array<{ alias: Node & { source: string }; target: Node | undefined }> = [];
  const stack: Array<{ node: unknown; parents: Node[] }> = [{ node: doc.contents, parents: [] }];
  while (stack.length > 0) {
    const { node, parents } = stack.pop()!;
    if (isPair(node)) {
      // Value pushed first so the key is visited first.
      stack.push({ node: node.value, parents }, { node: node.key, parents });
      continue;
    }
    if (isAlias(node)) {
      uses.push({ alias: node, target: anchors.get(node.source) });
      for (const p of parents) holdsAlias.add(p);
      if (uses.length > MAX_ALIASES) return { line: lineOf(node, lc), message: `more than ${MAX_ALIASES} aliases in one document; repeat the values instead` };
      continue;
    }
    if (isScalar(node) || isMap(node) || isSeq(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (isMap(node) || isSeq(node)) {
        const inner = [...parents, node];
        for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], parents: inner });
      }
    }
  }
  for (const { alias, target } of uses) {
    if (!target) return { line: lineOf(alias, lc), message: `the alias *${alias.source} names no anchor before it` };
    if (holdsAlias.has(target)) {
      return { line: lineOf(alias, lc), message: `the alias *${alias.source} names a node that contains aliases itself (or this alias); nested aliases expand exponentially and are not accepted` };
    }
  }
  return null;
}

/** The plain value of a parsed document, or the first problem with its line. */
export function yamlValue(doc: Document.Parsed, lc: LineCounter): { ok: true; value: unknown } | { ok: false; line: number; message: string } {
  const problem = aliasProblem(doc, lc);
  if (problem) return { ok: false, ...problem };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (err) {
    // The checks above should leave nothing for toJS to refuse; if it does, it is still the file's fault.
    return { ok: false, line: lineOf(doc.contents ?? {}, lc), message: `YAML could not be read: ${(err as Error).message.slice(0, 200)}` };
  }
}
