// SQL for what sync remembers of each vendor's ids (incident ids, message timestamps).
import type { SqlRunner } from '../db/sqlite';

export const vendorRefsRepo = {
  async get(db: SqlRunner, integration: string, stream: string, kind: string): Promise<string | null> {
    const r = await db.get<{ value: string }>('SELECT value FROM vendor_refs WHERE integration = ? AND stream = ? AND ref_kind = ?', [integration, stream, kind]);
    return r?.value ?? null;
  },
  async set(db: SqlRunner, integration: string, stream: string, kind: string, value: string, at: string): Promise<void> {
    await db.run(
      `INSERT INTO vendor_refs (integration, stream, ref_kind, value, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (integration, stream, ref_kind) DO UPDATE SET value = excluded.value`,
      [integration, stream, kind, value, at],
    );
  },
};
