// SQL for the roster of people who can hold a role.
import type { Contact, Person } from '../../../shared/domain/roles';
import type { SqlRunner } from '../db/sqlite';

export interface PersonRow {
  handle: string;
  name: string;
  team: string;
  contacts: string;
  updated_at: string;
}
const toPerson = (r: PersonRow): Person => ({ handle: r.handle, name: r.name, team: r.team, contacts: JSON.parse(r.contacts) as Contact[], updatedAt: r.updated_at });
export const rosterRepo = {
  async list(db: SqlRunner): Promise<Person[]> {
    return (await db.all<PersonRow>('SELECT * FROM people ORDER BY name COLLATE NOCASE, handle')).map(toPerson);
  },
  async get(db: SqlRunner, handle: string): Promise<Person | null> {
    const r = await db.get<PersonRow>('SELECT * FROM people WHERE handle = ?', [handle]);
    return r ? toPerson(r) : null;
  },
  async upsert(db: SqlRunner, p: Person): Promise<void> {
    await db.run(
      `INSERT INTO people (handle, name, team, contacts, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (handle) DO UPDATE SET name = excluded.name, team = excluded.team, contacts = excluded.contacts, updated_at = excluded.updated_at`,
      [p.handle, p.name, p.team, JSON.stringify(p.contacts), p.updatedAt],
    );
  },
  async remove(db: SqlRunner, handle: string): Promise<boolean> {
    return (await db.run('DELETE FROM people WHERE handle = ?', [handle])).changes > 0;
  },
};
