// SQL for the local profile.
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
