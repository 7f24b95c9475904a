// Service catalog formats: Backstage `catalog-info.yaml` (multi-document) and a simple JSON/YAML
// list. Parsing is pure and all-or-nothing: the first pass collects every problem with its document
// and line, and the caller writes nothing unless the list is empty. YAML is read through boundedYaml
// only (nesting and aliases are limited before they cost anything).
import { stringify, type Document, type LineCounter } from 'yaml';
import { AppError, type InputIssue } from '../../../shared/errors';
import { safeExternalUrl, type EdgeType, type FailoverState, type Service, type ServiceEdge, type ServiceKind, type UnknownRef } from '../../../shared/domain/catalog';
import { parseYaml, yamlValue } from '../untrusted/boundedYaml';

export type CatalogFormat = 'backstage' | 'json' | 'yaml';

export interface ParsedCatalog {
  services: Service[];
  edges: ServiceEdge[];
  unknownRefs: UnknownRef[];
  ignored: Array<{ document: number; line: number; kind: string; name: string }>;
}

export const MAX_SERVICES = 10_000;
const MAX_ISSUES = 50;

/** Where a value sits in the source, for messages people can act on. */
class Locator {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lc: LineCounter,
    readonly document: number,
  ) {}
  line(path: ReadonlyArray<string | number> = []): number {
    let node: unknown = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    // Walk up to the nearest existing parent so a missing field still gets a useful line.
    let p = [...path];
    while (!node && p.length > 0) {
      p = p.slice(0, -1);
      node = p.length === 0 ? this.doc.contents : this.doc.getIn(p, true);
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.lc.linePos(range[0]).line : 1;
  }
}

class Issues {
  readonly list: InputIssue[] = [];
  add(document: number, line: number, message: string): void {
    if (this.list.length < MAX_ISSUES) this.list.push({ path: `document ${document}, line ${line}`, message });
  }
  throwIfAny(format: string): void {
    if (this.list.length === 0) return;
    const first = this.list[0]!;
    const more = this.list.length > 1 ? ` (and ${this.list.length - 1} more problem${this.list.length > 2 ? 's' : ''})` : '';
    throw new AppError('invalid_input', `The ${format} catalog was not imported: ${first.path}: ${first.message}${more}. Nothing was changed.`, this.list);
  }
}

function parseDocuments(content: string, issues: Issues): Array<{ doc: Document.Parsed; at: Locator; value: unknown }> {
  const { lineCounter: lc, documents, problems } = parseYaml(content);
  for (const p of problems) issues.add(p.document, p.line, p.message);
  const out: Array<{ doc: Document.Parsed; at: Locator; value: unknown }> = [];
  documents.forEach((doc, i) => {
    const n = i + 1;
    if (doc.errors.length > 0 || doc.contents === null) return;
    const read = yamlValue(doc, lc);
    if (!read.ok) return issues.add(n, read.line, read.message);
    out.push({ doc, at: new Locator(doc, lc, n), value: read.value });
  });
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

// ---------------------------------------------------------------------------------------------
// Backstage

const BACKSTAGE_KINDS: Record<string, ServiceKind> = { component: 'component', resource: 'resource', system: 'system', api: 'api' };
/** Backstage's own rule for metadata.name: [a-z0-9A-Z] separated by [-_.], at most 63 characters. */
const BACKSTAGE_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
const REF = /^(?:([a-zA-Z][a-zA-Z0-9_-]*):)?(?:([a-zA-Z0-9][a-zA-Z0-9._-]*)\/)?([a-zA-Z0-9][a-zA-Z0-9._-]*)$/;

export function entityId(kind: string, namespace: string, name: string): string {
  return `${kind.toLowerCase()}:${namespace.toLowerCase()}/${name.toLowerCase()}`;
}

/** Parse `[kind:][namespace/]name` into our id, or null when it is not an entity reference. */
export function parseEntityRef(ref: string, defaultKind: string, defaultNamespace: string): { id: string; kind: string; name: string } | null {
  const m = REF.exec(ref.trim());
  if (!m || m[3]!.length > 63) return null;
  const kind = (m[1] ?? defaultKind).toLowerCase();
  return { id: entityId(kind, m[2] ?? defaultNamespace, m[3]!), kind, name: m[3]! };
}

interface PendingRef {
  from: string;
  ref: string;
  target: string;
  field: string;
  type: EdgeType;
  reverse: boolean;
  document: number;
  /** Computed only for references that turn out to be unknown: line lookups are not free. */
  line: () => number;
}

export function parseBackstage(content: string): ParsedCatalog {
  const issues = new Issues();
  const docs = parseDocuments(content, issues);
  const services: Service[] = [];
  const byId = new Map<string, { document: number; line: () => number }>();
  const pending: PendingRef[] = [];
  const ignored: ParsedCatalog['ignored'] = [];

  for (const { value, at } of docs) {
    const d = at.document;
    if (!isObject(value)) {
      issues.add(d, at.line(), 'an entity must be a mapping with apiVersion, kind, metadata and spec');
      continue;
    }
    const apiVersion = str(value.apiVersion);
    if (!apiVersion) {
      issues.add(d, at.line(['apiVersion']), 'apiVersion is required (e.g. backstage.io/v1alpha1)');
      continue;
    }
    const kindRaw = str(value.kind);
    if (!kindRaw) {
      issues.add(d, at.line(['kind']), 'kind is required');
      continue;
    }
    const metadata = value.metadata;
    if (!isObject(metadata)) {
      issues.add(d, at.line(['metadata']), 'metadata is required and must be a mapping');
      continue;
    }
    const name = str(metadata.name);
    if (!name || name.length > 63 || !BACKSTAGE_NAME.test(name)) {
      issues.add(d, at.line(['metadata', 'name']), name ? `metadata.name "${name.slice(0, 80)}" is not a valid entity name` : 'metadata.name is required');
      continue;
    }
    const kind = BACKSTAGE_KINDS[kindRaw.toLowerCase()];
    if (!kind) {
      ignored.push({ document: d, line: at.line(), kind: kindRaw, name });
      continue;
    }
    const namespace = str(metadata.namespace) ?? 'default';
    const id = entityId(kind, namespace, name);
    if (byId.has(id)) {
      const first = byId.get(id)!;
      issues.add(d, at.line(['metadata', 'name']), `${id} is defined twice (first in document ${first.document}, line ${first.line()})`);
      continue;
    }
    byId.set(id, { document: d, line: () => at.line() });
    const spec = value.spec === undefined ? {} : value.spec;
    if (!isObject(spec)) {
      issues.add(d, at.line(['spec']), 'spec must be a mapping');
      continue;
    }
    const labels = isObject(metadata.labels) ? metadata.labels : {};
    const annotations = isObject(metadata.annotations) ? metadata.annotations : {};

    let runbookUrl: string | null = null;
    const runbookAnnotation = str(annotations['commandpost.io/runbook']);
    if (runbookAnnotation) {
      runbookUrl = safeExternalUrl(runbookAnnotation);
      if (!runbookUrl) issues.add(d, at.line(['metadata', 'annotations', 'commandpost.io/runbook']), 'the runbook link must be an https URL');
    } else if (Array.isArray(metadata.links)) {
      metadata.links.forEach((l, i) => {
        if (runbookUrl || !isObject(l)) return;
        const title = `${str(l.title) ?? ''} ${str(l.type) ?? ''}`;
        if (!/runbook|playbook/i.test(title)) return;
        const url = str(l.url) ?? '';
        runbookUrl = safeExternalUrl(url);
        if (!runbookUrl) issues.add(d, at.line(['metadata', 'links', i, 'url']), `the runbook link "${url.slice(0, 80)}" must be an https URL`);
      });
    }

    let failover: FailoverState | null = null;
    const failoverRaw = str(annotations['commandpost.io/failover']);
    if (failoverRaw) {
      const options = failoverRaw.split(',').map((s) => s.trim()).filter(Boolean);
      const active = str(annotations['commandpost.io/failover-active']) ?? options[0];
      if (options.length < 2 || !active || !options.includes(active)) {
        issues.add(d, at.line(['metadata', 'annotations', 'commandpost.io/failover']), 'commandpost.io/failover lists at least two comma-separated locations, and failover-active must be one of them');
      } else failover = { options, active };
    }

    const ownerRaw = str(spec.owner) ?? '';
    const owner = ownerRaw ? (parseEntityRef(ownerRaw, 'group', namespace)?.name ?? ownerRaw) : '';
    const systemRaw = str(spec.system);
    let system: string | null = null;
    if (systemRaw) {
      const ref = parseEntityRef(systemRaw, 'system', namespace);
      if (!ref) issues.add(d, at.line(['spec', 'system']), `spec.system "${systemRaw.slice(0, 80)}" is not an entity reference`);
      else {
        system = ref.id;
        if (kind !== 'system') pending.push({ from: ref.id, ref: systemRaw, target: id, field: 'spec.system', type: 'hasPart', reverse: true, document: d, line: () => at.line(['spec', 'system']) });
      }
    }

    const refList = (field: string, defaultKind: string, type: EdgeType, reverse: boolean) => {
      const raw = spec[field];
      if (raw === undefined || raw === null) return;
      if (!Array.isArray(raw)) {
        issues.add(d, at.line(['spec', field]), `spec.${field} must be a list of entity references`);
        return;
      }
      raw.forEach((r, i) => {
        const line = () => at.line(['spec', field, i]);
        const s = str(r);
        const ref = s ? parseEntityRef(s, defaultKind, namespace) : null;
        if (!s || !ref) {
          issues.add(d, line(), `spec.${field}[${i}] ${s ? `"${s.slice(0, 80)}" is not an entity reference` : 'must be a string'}`);
          return;
        }
        pending.push(reverse ? { from: ref.id, ref: s, target: id, field: `spec.${field}`, type, reverse, document: d, line } : { from: id, ref: s, target: ref.id, field: `spec.${field}`, type, reverse, document: d, line });
      });
    };
    refList('dependsOn', 'component', 'dependsOn', false);
    refList('consumesApis', 'api', 'consumesApi', false);
    refList('providesApis', 'api', 'providedBy', true);

    services.push({
      id,
      kind,
      name,
      title: str(metadata.title) ?? name,
      description: (str(metadata.description) ?? '').slice(0, 2000),
      owner: owner.slice(0, 200),
      tier: (str(labels.tier) ?? str(annotations['commandpost.io/tier']) ?? str(spec.tier) ?? '').slice(0, 40),
      runbookUrl,
      system,
      lifecycle: (str(spec.lifecycle) ?? '').slice(0, 40),
      failover,
    });
    if (services.length > MAX_SERVICES) {
      issues.add(d, at.line(), `a catalog may hold at most ${MAX_SERVICES} services`);
      break;
    }
  }
  if (docs.length === 0 && issues.list.length === 0) issues.add(1, 1, 'the file holds no entities');
  issues.throwIfAny('Backstage');
  return resolveRefs(services, pending, ignored);
}

function resolveRefs(services: Service[], pending: PendingRef[], ignored: ParsedCatalog['ignored']): ParsedCatalog {
  const ids = new Set(services.map((s) => s.id));
  const edges: ServiceEdge[] = [];
  const seen = new Set<string>();
  const unknownRefs: UnknownRef[] = [];
  for (const p of pending) {
    // The entity named by the reference is `from` for reversed relations, `target` otherwise.
    const named = p.reverse ? p.from : p.target;
    const owner = p.reverse ? p.target : p.from;
    if (!ids.has(named)) {
      unknownRefs.push({ from: owner, ref: p.ref, field: p.field, document: p.document, line: p.line() });
      continue;
    }
    const key = `${p.from}\u0000${p.target}\u0000${p.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: p.from, to: p.target, type: p.type });
  }
  return { services, edges, unknownRefs, ignored };
}

// ---------------------------------------------------------------------------------------------
// Simple JSON / YAML: { services: [{ id, name?, kind?, owner?, tier?, runbook?, system?, dependsOn?, failover? }] }

const SIMPLE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;
const SIMPLE_FIELDS = new Set(['id', 'name', 'title', 'kind', 'owner', 'tier', 'runbook', 'runbookUrl', 'system', 'description', 'lifecycle', 'dependsOn', 'failover']);

function jsonSyntaxLine(content: string, err: Error): number {
  const m = /line (\d+)/.exec(err.message);
  if (m) return Number(m[1]);
  const pos = /position (\d+)/.exec(err.message);
  if (pos) return content.slice(0, Number(pos[1])).split('\n').length;
  return 1;
}

export function parseSimple(content: string, format: 'json' | 'yaml'): ParsedCatalog {
  const issues = new Issues();
  const label = format === 'json' ? 'JSON' : 'YAML';
  if (format === 'json') {
    try {
      JSON.parse(content);
    } catch (err) {
      issues.add(1, jsonSyntaxLine(content, err as Error), `JSON syntax error: ${(err as Error).message.slice(0, 200)}`);
      issues.throwIfAny(label);
    }
  }
  // YAML is a superset of JSON, so one walker gives line numbers for both formats. For JSON it runs
  // only when a line is needed (an error or an unknown reference): it costs more than JSON.parse.
  let located: { value: unknown; at: Locator } | null = null;
  const locate = () => {
    if (located) return located;
    const docs = parseDocuments(content, issues);
    issues.throwIfAny(label);
    if (docs.length !== 1) {
      issues.add(docs.length > 1 ? 2 : 1, 1, docs.length > 1 ? 'the simple format is a single document (use format "backstage" for multi-document files)' : 'the file is empty');
      issues.throwIfAny(label);
    }
    return (located = docs[0]!);
  };
  const value: unknown = format === 'json' ? JSON.parse(content) : locate().value;
  const at = { line: (path: ReadonlyArray<string | number> = []) => locate().at.line(path) };
  const list = Array.isArray(value) ? value : isObject(value) ? value.services : undefined;
  const base: Array<string | number> = Array.isArray(value) ? [] : ['services'];
  if (!Array.isArray(list)) {
    issues.add(1, at.line(), 'expected a list of services, or an object with a "services" list');
    issues.throwIfAny(label);
  }
  const services: Service[] = [];
  const pending: PendingRef[] = [];
  const firstSeen = new Map<string, Array<string | number>>();
  (list as unknown[]).forEach((raw, i) => {
    const p = [...base, i];
    if (!isObject(raw)) {
      issues.add(1, at.line(p), `services[${i}] must be an object`);
      return;
    }
    for (const k of Object.keys(raw)) if (!SIMPLE_FIELDS.has(k)) issues.add(1, at.line([...p, k]), `services[${i}] has an unknown field "${k.slice(0, 40)}"`);
    const id = str(raw.id);
    if (!id || !SIMPLE_ID.test(id)) {
      issues.add(1, at.line([...p, 'id']), id ? `services[${i}].id "${id.slice(0, 80)}" may use letters, digits and . _ : / - (at most 200)` : `services[${i}].id is required`);
      return;
    }
    if (firstSeen.has(id)) {
      issues.add(1, at.line([...p, 'id']), `service "${id}" is defined twice (first on line ${at.line(firstSeen.get(id))})`);
      return;
    }
    firstSeen.set(id, p);
    const kindRaw = str(raw.kind) ?? 'component';
    const kind = BACKSTAGE_KINDS[kindRaw.toLowerCase()];
    if (!kind) issues.add(1, at.line([...p, 'kind']), `services[${i}].kind must be one of component, resource, system, api`);
    const runbookRaw = str(raw.runbook ?? raw.runbookUrl);
    const runbookUrl = runbookRaw ? safeExternalUrl(runbookRaw) : null;
    if (runbookRaw && !runbookUrl) issues.add(1, at.line([...p, raw.runbook !== undefined ? 'runbook' : 'runbookUrl']), `services[${i}].runbook must be an https URL`);
    let failover: FailoverState | null = null;
    if (raw.failover !== undefined && raw.failover !== null) {
      const f = raw.failover;
      const options = isObject(f) && Array.isArray(f.options) ? f.options.map(str).filter((s): s is string => !!s && s.length <= 60) : [];
      const active = isObject(f) ? (str(f.active) ?? options[0]) : undefined;
      if (options.length < 2 || !active || !options.includes(active)) issues.add(1, at.line([...p, 'failover']), `services[${i}].failover needs options (two or more) and an active one among them`);
      else failover = { options, active };
    }
    const deps = raw.dependsOn;
    if (deps !== undefined && deps !== null) {
      if (!Array.isArray(deps)) issues.add(1, at.line([...p, 'dependsOn']), `services[${i}].dependsOn must be a list of service ids`);
      else
        deps.forEach((dep, j) => {
          const s = str(dep);
          if (!s) issues.add(1, at.line([...p, 'dependsOn', j]), `services[${i}].dependsOn[${j}] must be a service id`);
          else pending.push({ from: id, ref: s, target: s, field: 'dependsOn', type: 'dependsOn', reverse: false, document: 1, line: () => at.line([...p, 'dependsOn', j]) });
        });
    }
    services.push({
      id,
      kind: kind ?? 'component',
      name: id,
      title: (str(raw.name ?? raw.title) ?? id).slice(0, 200),
      description: (str(raw.description) ?? '').slice(0, 2000),
      owner: (str(raw.owner) ?? '').slice(0, 200),
      tier: (str(raw.tier) ?? '').slice(0, 40),
      runbookUrl,
      system: str(raw.system),
      lifecycle: (str(raw.lifecycle) ?? '').slice(0, 40),
      failover,
    });
  });
  if (services.length > MAX_SERVICES) issues.add(1, at.line(), `a catalog may hold at most ${MAX_SERVICES} services`);
  issues.throwIfAny(label);
  return resolveRefs(services, pending, []);
}

export function parseCatalog(format: CatalogFormat, content: string): ParsedCatalog {
  return format === 'backstage' ? parseBackstage(content) : parseSimple(content, format);
}

// ---------------------------------------------------------------------------------------------
// Export

const KIND_NAMES: Record<ServiceKind, string> = { component: 'Component', resource: 'Resource', system: 'System', api: 'API' };

/** Backstage parts of an id; ids from the simple format take the kind of their service. */
function splitId(id: string, kindOf: (id: string) => ServiceKind | undefined): { kind: string; namespace: string; name: string } {
  const m = /^([a-z]+):([^/]+)\/(.+)$/.exec(id);
  return m ? { kind: m[1]!, namespace: m[2]!, name: m[3]! } : { kind: kindOf(id) ?? 'component', namespace: 'default', name: id.replace(/[^a-zA-Z0-9._-]/g, '-').slice(0, 63) };
}

export function exportCatalog(format: CatalogFormat, services: Service[], edges: ServiceEdge[]): string {
  const out = new Map<string, ServiceEdge[]>();
  for (const e of edges) {
    let l = out.get(e.from);
    if (!l) out.set(e.from, (l = []));
    l.push(e);
  }
  if (format !== 'backstage') {
    const list = services.map((s) => ({
      id: s.id,
      ...(s.title !== s.id ? { name: s.title } : {}),
      kind: s.kind,
      ...(s.owner ? { owner: s.owner } : {}),
      ...(s.tier ? { tier: s.tier } : {}),
      ...(s.runbookUrl ? { runbook: s.runbookUrl } : {}),
      ...(s.system ? { system: s.system } : {}),
      ...(s.description ? { description: s.description } : {}),
      ...(s.lifecycle ? { lifecycle: s.lifecycle } : {}),
      dependsOn: (out.get(s.id) ?? []).map((e) => e.to),
      ...(s.failover ? { failover: s.failover } : {}),
    }));
    return format === 'json' ? JSON.stringify({ services: list }, null, 2) + '\n' : stringify({ services: list });
  }
  // Reverse edges go back to the entity that declared them.
  const provides = new Map<string, string[]>();
  for (const e of edges) if (e.type === 'providedBy') provides.set(e.to, [...(provides.get(e.to) ?? []), e.from]);
  const kinds = new Map(services.map((s) => [s.id, s.kind]));
  const kindOf = (id: string) => kinds.get(id);
  const ref = (id: string) => {
    const p = splitId(id, kindOf);
    return `${p.kind}:${p.namespace === 'default' ? '' : `${p.namespace}/`}${p.name}`;
  };
  return services
    .map((s) => {
      const p = splitId(s.id, kindOf);
      const mine = out.get(s.id) ?? [];
      const annotations: Record<string, string> = {};
      if (s.failover) {
        annotations['commandpost.io/failover'] = s.failover.options.join(', ');
        annotations['commandpost.io/failover-active'] = s.failover.active;
      }
      const doc = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: KIND_NAMES[s.kind],
        metadata: {
          name: p.name,
          ...(p.namespace !== 'default' ? { namespace: p.namespace } : {}),
          ...(s.title !== p.name ? { title: s.title } : {}),
          ...(s.description ? { description: s.description } : {}),
          ...(s.tier ? { labels: { tier: s.tier } } : {}),
          ...(Object.keys(annotations).length ? { annotations } : {}),
          ...(s.runbookUrl ? { links: [{ url: s.runbookUrl, title: 'Runbook' }] } : {}),
        },
        spec: {
          ...(s.kind === 'component' ? { type: 'service' } : s.kind === 'api' ? { type: 'openapi' } : s.kind === 'resource' ? { type: 'database' } : {}),
          ...(s.lifecycle || s.kind === 'component' || s.kind === 'api' ? { lifecycle: s.lifecycle || 'production' } : {}),
          ...(s.owner ? { owner: s.owner } : {}),
          ...(s.system && s.kind !== 'system' ? { system: ref(s.system) } : {}),
          ...(mine.some((e) => e.type === 'dependsOn') ? { dependsOn: mine.filter((e) => e.type === 'dependsOn').map((e) => ref(e.to)) } : {}),
          ...(mine.some((e) => e.type === 'consumesApi') ? { consumesApis: mine.filter((e) => e.type === 'consumesApi').map((e) => ref(e.to)) } : {}),
          ...(provides.has(s.id) ? { providesApis: provides.get(s.id)!.map(ref) } : {}),
        },
      };
      return stringify(doc);
    })
    .join('---\n');
}

