// SQL for the console's own key/value settings (node id, …).
import type { SqlRunner } from '../db/sqlite';

export const metaRepo = {
  async get(db: SqlRunner, key: string): Promise<string | null> {
    const r = await db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
    return r?.value ?? null;
  },
  async set(db: SqlRunner, key: string, value: string): Promise<void> {
    await db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  },
};
