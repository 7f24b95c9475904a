import type { SqlRunner } from '../db/sqlite';

export const outboxRepo = {
  async countsByState(db: SqlRunner): Promise<Record<string, number>> {
    const rows = await db.all<{ state: string; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state');
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  },
};
