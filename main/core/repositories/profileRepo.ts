import type { Profile } from '../../../shared/domain/profile';
import type { SqlRunner } from '../db/sqlite';

export const profileRepo = {
  async get(db: SqlRunner): Promise<Profile | null> {
    const r = await db.get<{ display_name: string; handle: string; created_at: string }>(
      'SELECT display_name, handle, created_at FROM profile WHERE id = 1',
    );
    return r ? { displayName: r.display_name, handle: r.handle, createdAt: r.created_at } : null;
  },
  async upsert(db: SqlRunner, p: Profile): Promise<void> {
    await db.run(
      `INSERT INTO profile (id, display_name, handle, created_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, handle = excluded.handle`,
      [p.displayName, p.handle, p.createdAt],
    );
  },
};

export const metaRepo = {
  async get(db: SqlRunner, key: string): Promise<string | null> {
    const r = await db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
    return r?.value ?? null;
  },
  async set(db: SqlRunner, key: string, value: string): Promise<void> {
    await db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  },
};
