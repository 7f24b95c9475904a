// SQL for integration settings and routing rules (never their secrets).
import { DEFAULT_CATCH_UP, type IntegrationInfo, type IntegrationKind, type RoutingRules } from '../../../shared/domain/sync';
import type { SqlRunner } from '../db/sqlite';

export interface IntegrationRow {
  name: string;
  kind: IntegrationKind;
  base_url: string;
  settings: string;
  routing: string;
  secret_ref: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
  last_synced_at: string | null;
}
export interface StoredIntegration extends IntegrationInfo {
  secretRef: string | null;
}
function toIntegration(r: IntegrationRow): StoredIntegration {
  return {
    name: r.name,
    kind: r.kind,
    baseUrl: r.base_url,
    settings: JSON.parse(r.settings) as IntegrationInfo['settings'],
    hasSecret: r.secret_ref !== null,
    secretRef: r.secret_ref,
    // Rules stored before catching up existed carry no catchUp.
    routing: { catchUp: DEFAULT_CATCH_UP, ...(JSON.parse(r.routing) as Omit<RoutingRules, 'catchUp'>) },
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastSyncedAt: r.last_synced_at,
  };
}
export const integrationsRepo = {
  async list(db: SqlRunner): Promise<StoredIntegration[]> {
    return (await db.all<IntegrationRow>('SELECT * FROM integrations ORDER BY name')).map(toIntegration);
  },
  async get(db: SqlRunner, name: string): Promise<StoredIntegration | null> {
    const r = await db.get<IntegrationRow>('SELECT * FROM integrations WHERE name = ?', [name]);
    return r ? toIntegration(r) : null;
  },
  async upsert(db: SqlRunner, i: Omit<StoredIntegration, 'hasSecret' | 'lastSyncedAt'>): Promise<void> {
    await db.run(
      `INSERT INTO integrations (name, kind, base_url, settings, routing, secret_ref, enabled, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, base_url = excluded.base_url, settings = excluded.settings,
         routing = excluded.routing, secret_ref = excluded.secret_ref, enabled = excluded.enabled, updated_at = excluded.updated_at`,
      [i.name, i.kind, i.baseUrl, JSON.stringify(i.settings), JSON.stringify(i.routing), i.secretRef, i.enabled ? 1 : 0, i.createdAt, i.updatedAt],
    );
  },
  async setLastSynced(db: SqlRunner, names: string[], at: string): Promise<void> {
    for (const n of names) await db.run('UPDATE integrations SET last_synced_at = ? WHERE name = ?', [at, n]);
  },
};
