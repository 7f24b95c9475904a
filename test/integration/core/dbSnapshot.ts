// Every table of a database, as the schema lists it (sqlite_master), with its row count and a hash
// of its content. Listing the tables from the schema rather than by hand means a table added later
// is compared too, and "nothing changed" cannot pass because the change landed in a table nobody named.
import { createHash } from 'node:crypto';
import type { SqlRunner } from '../../../main/core/db/sqlite';

export interface TableState {
  rows: number;
  hash: string;
}
export type Snapshot = Record<string, TableState>;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table sqlite_master names (virtual tables and their shadow tables included). */
export async function tableNames(db: SqlRunner): Promise<string[]> {
  const rows = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return rows.map((r) => r.name);
}

// A BLOB column arrives as a Buffer, which JSON renders as its bytes.
const rowText = (row: Record<string, unknown>): string => JSON.stringify(row);

/** All rows of one table, each as JSON text, in a stable order (sorted, so row order does not matter). */
export async function tableRows(db: SqlRunner, table: string): Promise<string[]> {
  const rows = await db.all<Record<string, unknown>>(`SELECT * FROM ${quote(table)}`);
  return rows.map(rowText).sort();
}

/** Count and content hash of every table but those in `skip`. */
export async function snapshot(db: SqlRunner, skip: ReadonlySet<string> = new Set()): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const t of await tableNames(db)) {
    if (skip.has(t)) continue;
    const rows = await tableRows(db, t);
    const h = createHash('sha256');
    for (const r of rows) h.update(r).update('\n');
    out[t] = { rows: rows.length, hash: h.digest('hex') };
  }
  return out;
}

/** The row count of every table, in one statement (cheap enough to take after every command). */
export async function rowCounts(db: SqlRunner): Promise<Record<string, number>> {
  const names = await tableNames(db);
  const row = await db.get<Record<string, number>>(`SELECT ${names.map((t, i) => `(SELECT count(*) FROM ${quote(t)}) AS c${i}`).join(', ')}`);
  return Object.fromEntries(names.map((t, i) => [t, row![`c${i}`]!]));
}

/** The tables whose count or content differ between two snapshots (a table only in one side included). */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n]?.rows !== after[n]?.rows || before[n]?.hash !== after[n]?.hash).sort();
}

/** The whole database as one string, to search for a value anywhere in it. */
export async function dumpText(db: SqlRunner): Promise<string> {
  const parts: string[] = [];
  for (const t of await tableNames(db)) {
    // The full-text index's shadow tables hold tokens and segments, not the stored text.
    if (/^timeline_fts_/.test(t)) continue;
    const rows = await db.all<Record<string, unknown>>(`SELECT * FROM ${quote(t)}`);
    for (const r of rows) parts.push(`${t}\t${Object.values(r).map((v) => (Buffer.isBuffer(v) ? '' : String(v))).join('\t')}`);
  }
  return parts.join('\n');
}
