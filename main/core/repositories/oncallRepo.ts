// SQL for the cached on-call roster per integration.
import type { SqlRunner } from '../db/sqlite';

export const oncallRepo = {
  async get(db: SqlRunner, integration: string): Promise<{ fetchedAt: string; roster: unknown } | null> {
    const r = await db.get<{ fetched_at: string; roster: string }>('SELECT fetched_at, roster FROM oncall_cache WHERE integration = ?', [integration]);
    return r ? { fetchedAt: r.fetched_at, roster: JSON.parse(r.roster) as unknown } : null;
  },
  async set(db: SqlRunner, integration: string, fetchedAt: string, roster: unknown): Promise<void> {
    await db.run(
      `INSERT INTO oncall_cache (integration, fetched_at, roster) VALUES (?, ?, ?)
       ON CONFLICT (integration) DO UPDATE SET fetched_at = excluded.fetched_at, roster = excluded.roster`,
      [integration, fetchedAt, JSON.stringify(roster)],
    );
  },
};
