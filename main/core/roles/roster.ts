// The people roster: edited in the app, imported from CSV or JSON. Imports are all-or-nothing:
// every bad line is named, and nothing is written unless all lines are good.
import type { ParsedInput } from '../../../shared/contract';
import { AppError, type InputIssue } from '../../../shared/errors';
import type { Contact, Person } from '../../../shared/domain/roles';
import { rolesRepo } from '../repositories/rolesRepo';
import { rosterRepo } from '../repositories/rosterRepo';
import type { CommandContext } from '../command';
import { parseYaml } from '../untrusted/boundedYaml';

const HANDLE = /^[a-z0-9][a-z0-9._-]{1,31}$/;
const MAX_PEOPLE = 5_000;

export async function upsertPerson(input: ParsedInput<'roster:upsert'>, ctx: CommandContext): Promise<Person> {
  const person: Person = { handle: input.handle, name: input.name, team: (input.team ?? '').trim(), contacts: input.contacts ?? [], updatedAt: new Date(ctx.now()).toISOString() };
  const existed = await rosterRepo.get(ctx.db, person.handle);
  await ctx.log.append(ctx, { incidentId: null, actor: ctx.actor, kind: existed ? 'roster.updated' : 'roster.added', payload: person });
  await rosterRepo.upsert(ctx.db, person);
  ctx.changed('roster');
  return person;
}

export async function removePerson(input: ParsedInput<'roster:remove'>, ctx: CommandContext): Promise<{ handle: string }> {
  const existing = await rosterRepo.get(ctx.db, input.handle);
  if (!existing) throw new AppError('not_found', `${input.handle} is not on the roster.`);
  const holding = await rolesRepo.activeHoldings(ctx.db, input.handle);
  if (holding.length > 0) {
    throw new AppError('conflict', `${existing.name} still holds a role in ${holding.join(', ')}; release it or hand over first.`);
  }
  await ctx.log.append(ctx, { incidentId: null, actor: ctx.actor, kind: 'roster.removed', payload: { handle: input.handle } });
  await rosterRepo.remove(ctx.db, input.handle);
  ctx.changed('roster');
  return { handle: input.handle };
}

interface Row {
  line: number;
  handle: unknown;
  name: unknown;
  team: unknown;
  contacts: Contact[];
}

/** RFC 4180 CSV with quoted fields (which may hold commas, quotes and newlines); tracks the line each record starts on. */
export function parseCsv(content: string): Array<{ line: number; cells: string[] }> {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const text = content.replace(/^\uFEFF/, '');
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
    i++;
  }
  if (quoted) throw new AppError('invalid_input', `CSV line ${start}: a quoted field is never closed. Nothing was imported.`, [{ path: `line ${start}`, message: 'unterminated quoted field' }]);
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

function rowsFromCsv(content: string): Row[] {
  const records = parseCsv(content);
  const header = records.shift();
  if (!header) throw new AppError('invalid_input', 'The CSV file is empty. Nothing was imported.', [{ path: 'line 1', message: 'missing header row' }]);
  const cols = header.cells.map((c) => c.trim().toLowerCase());
  const need = ['name', 'handle'].filter((c) => !cols.includes(c));
  if (need.length) {
    throw new AppError('invalid_input', `CSV line ${header.line}: the header needs ${need.join(' and ')} columns. Nothing was imported.`, [
      { path: `line ${header.line}`, message: `header is missing ${need.join(', ')}` },
    ]);
  }
  return records.map((r) => {
    const get = (c: string) => r.cells[cols.indexOf(c)]?.trim() ?? '';
    const contacts: Contact[] = [];
    cols.forEach((c, i) => {
      if (c === 'name' || c === 'handle' || c === 'team' || !c) return;
      const v = r.cells[i]?.trim();
      if (v) contacts.push({ channel: c, value: v });
    });
    const extra = r.cells.length > cols.length ? r.cells.slice(cols.length).some((c) => c.trim() !== '') : false;
    return { line: r.line, handle: get('handle'), name: get('name'), team: get('team'), contacts: extra ? [{ channel: '\u0000extra', value: '' }] : contacts };
  });
}

function rowsFromJson(content: string): Row[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (err) {
    const m = /line (\d+)/.exec((err as Error).message);
    const line = m ? Number(m[1]) : 1;
    throw new AppError('invalid_input', `JSON line ${line}: ${(err as Error).message}. Nothing was imported.`, [{ path: `line ${line}`, message: 'JSON syntax error' }]);
  }
  // Read again as YAML (a superset of JSON) only for line numbers, bounded like every YAML read.
  const { lineCounter: lc, documents, problems } = parseYaml(content);
  const tooDeep = problems.find((p) => p.kind === 'limit');
  if (tooDeep) throw new AppError('invalid_input', `JSON line ${tooDeep.line}: ${tooDeep.message}. Nothing was imported.`, [{ path: `line ${tooDeep.line}`, message: tooDeep.message }]);
  const doc = documents[0];
  const lineOf = (path: Array<string | number>) => {
    const node = doc?.getIn(path, true) as { range?: number[] } | undefined;
    return node?.range ? lc.linePos(node.range[0]!).line : 1;
  };
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null ? (data as { people?: unknown }).people : undefined;
  const base = Array.isArray(data) ? [] : ['people'];
  if (!Array.isArray(list)) throw new AppError('invalid_input', 'Expected a JSON list of people, or {"people": [...]}. Nothing was imported.', [{ path: 'line 1', message: 'expected a list' }]);
  return list.map((raw, i) => {
    const line = lineOf([...base, i]);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { line, handle: undefined, name: undefined, team: '', contacts: [] };
    const o = raw as Record<string, unknown>;
    let contacts: Contact[] = [];
    if (Array.isArray(o.contacts)) contacts = o.contacts.map((c) => ({ channel: String((c as Contact)?.channel ?? ''), value: String((c as Contact)?.value ?? '') }));
    else if (typeof o.contacts === 'object' && o.contacts !== null) contacts = Object.entries(o.contacts).map(([channel, value]) => ({ channel, value: String(value) }));
    return { line, handle: o.handle, name: o.name, team: o.team ?? '', contacts };
  });
}

export async function importRoster(input: ParsedInput<'roster:import'>, ctx: CommandContext): Promise<{ created: number; updated: number }> {
  const rows = input.format === 'csv' ? rowsFromCsv(input.content) : rowsFromJson(input.content);
  const issues: InputIssue[] = [];
  const people: Person[] = [];
  const seen = new Map<string, number>();
  const at = new Date(ctx.now()).toISOString();
  for (const r of rows) {
    const problems: string[] = [];
    const handle = typeof r.handle === 'string' ? r.handle.trim().toLowerCase() : '';
    const name = typeof r.name === 'string' ? r.name.trim().replace(/\s+/g, ' ') : '';
    const team = typeof r.team === 'string' ? r.team.trim() : '';
    if (!handle) problems.push('handle is required');
    else if (!HANDLE.test(handle)) problems.push(`handle "${handle.slice(0, 40)}" must be 2–32 lower-case letters, digits, dot, dash or underscore`);
    else if (seen.has(handle)) problems.push(`handle "${handle}" already appears on line ${seen.get(handle)}`);
    if (!name) problems.push('name is required');
    else if (name.length > 120) problems.push('name must be at most 120 characters');
    if (team.length > 120) problems.push('team must be at most 120 characters');
    if (r.contacts.some((c) => c.channel === '\u0000extra')) problems.push('has more cells than the header');
    else if (r.contacts.length > 10) problems.push('has more than 10 contact channels');
    else if (r.contacts.some((c) => !c.channel.trim() || c.channel.length > 40 || !c.value.trim() || c.value.length > 300)) problems.push('every contact needs a channel (≤ 40) and a value (≤ 300)');
    if (problems.length) issues.push({ path: `line ${r.line}`, message: problems.join('; ') });
    else {
      seen.set(handle, r.line);
      people.push({ handle, name, team, contacts: r.contacts.map((c) => ({ channel: c.channel.trim(), value: c.value.trim() })), updatedAt: at });
    }
  }
  if (rows.length === 0) issues.push({ path: 'line 1', message: 'no people in the file' });
  if (rows.length > MAX_PEOPLE) issues.push({ path: 'line 1', message: `at most ${MAX_PEOPLE} people per import` });
  if (issues.length) {
    const first = issues[0]!;
    throw new AppError('invalid_input', `Roster not imported: ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}. Nothing was changed.`, issues.slice(0, 100));
  }
  let created = 0;
  for (const p of people) {
    if (!(await rosterRepo.get(ctx.db, p.handle))) created++;
    await rosterRepo.upsert(ctx.db, p);
  }
  await ctx.log.append(ctx, { incidentId: null, actor: ctx.actor, kind: 'roster.imported', payload: { format: input.format, created, updated: people.length - created, handles: people.map((p) => p.handle) } });
  ctx.changed('roster');
  return { created, updated: people.length - created };
}
