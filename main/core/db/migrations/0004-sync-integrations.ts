import type { Migration } from '../migrate';

// Integrations, the reshaped outbox and what sync remembers about the vendors.
// The outbox gets an integer `seq` (the delivery order within a stream), a `stream` (the incident,
// so per-incident order can be kept), the vendor's own idempotency key (`vendor_key`: PagerDuty
// dedup_key, Opsgenie alias, client-side external id…) next to the per-item key, and the last
// HTTP status, so "delivered" can be checked against a 2xx. Times the scheduler compares are
// integer milliseconds. Secrets are NOT here: `secret_ref` names a key-store account.
export const migration0004: Migration = {
  version: 4,
  name: 'sync-integrations',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE integrations (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('pagerduty','opsgenie','statuspage','slack','teams','jira','webhook')),
        base_url TEXT NOT NULL,
        settings TEXT NOT NULL CHECK (json_valid(settings)),
        routing TEXT NOT NULL CHECK (json_valid(routing)),
        secret_ref TEXT,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_synced_at TEXT
      ) STRICT;

      CREATE TABLE outbox_v4 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        incident_id TEXT REFERENCES incidents (id),
        stream TEXT NOT NULL,
        integration TEXT NOT NULL,
        operation TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        idempotency_key TEXT NOT NULL,
        vendor_key TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','in_flight','delivered','failed','dead','discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        answered_failures INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_status INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        delivered_at TEXT,
        UNIQUE (integration, idempotency_key)
      ) STRICT;
      INSERT INTO outbox_v4 (id, incident_id, stream, integration, operation, idempotency_key, vendor_key, payload, state, attempts,
                             next_attempt_at, last_error, created_at, updated_at, delivered_at)
        SELECT id, incident_id, COALESCE(incident_id, id), integration, operation, idempotency_key, idempotency_key, payload, state, attempts,
               COALESCE(CAST(unixepoch(next_attempt_at, 'subsec') * 1000 AS INTEGER), 0), last_error, created_at, created_at, delivered_at
        FROM outbox ORDER BY rowid;
      DROP TABLE outbox;
      ALTER TABLE outbox_v4 RENAME TO outbox;
      CREATE INDEX outbox_live ON outbox (integration, stream, seq) WHERE state IN ('pending','in_flight','failed');
      -- The scheduler walks due items in time order and stops at its batch size.
      CREATE INDEX outbox_due ON outbox (integration, next_attempt_at, seq) WHERE state IN ('pending','failed');
      CREATE INDEX outbox_by_state ON outbox (state, seq);
      CREATE INDEX outbox_by_incident ON outbox (incident_id, seq);

      -- What a vendor told us that later items need: the Slack channel id, the Statuspage incident
      -- id, the Jira issue key, the Opsgenie alert id. One value per (integration, stream, kind).
      CREATE TABLE vendor_refs (
        integration TEXT NOT NULL,
        stream TEXT NOT NULL,
        ref_kind TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (integration, stream, ref_kind)
      ) STRICT;

      CREATE TABLE oncall_cache (
        integration TEXT PRIMARY KEY,
        fetched_at TEXT NOT NULL,
        roster TEXT NOT NULL CHECK (json_valid(roster))
      ) STRICT;
    `);
  },
};
