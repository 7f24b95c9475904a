import type { Migration } from '../migrate';

// The event log, its projections, the audit chain and the outbox.
export const migration0001: Migration = {
  version: 1,
  name: 'initial-schema',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        display_name TEXT NOT NULL,
        handle TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        human_id TEXT NOT NULL UNIQUE,
        year INTEGER NOT NULL,
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        severity TEXT NOT NULL CHECK (severity IN ('SEV-1','SEV-2','SEV-3','SEV-4','SEV-5')),
        status TEXT NOT NULL CHECK (status IN ('investigating','identified','monitoring','resolved','closed')),
        mode TEXT NOT NULL CHECK (mode IN ('real','exercise')),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        milestones TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(milestones)),
        entry_count INTEGER NOT NULL DEFAULT 0,
        pinned_count INTEGER NOT NULL DEFAULT 0,
        UNIQUE (year, number)
      ) STRICT;
      CREATE INDEX incidents_updated ON incidents (updated_at DESC);

      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        incident_id TEXT REFERENCES incidents (id),
        hlc TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_by_incident ON events (incident_id, seq);
      CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TRIGGER events_append_only_d BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

      CREATE TABLE timeline_entries (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE REFERENCES events (id),
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        kind TEXT NOT NULL CHECK (kind IN ('note','decision','action','status_change','severity_change','milestone','system')),
        text TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        hlc TEXT NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
        revisions INTEGER NOT NULL DEFAULT 0,
        original_text TEXT,
        corrected_at TEXT,
        corrected_by TEXT
      ) STRICT;
      CREATE INDEX timeline_by_incident ON timeline_entries (incident_id, seq);
      CREATE INDEX timeline_by_kind ON timeline_entries (incident_id, kind, seq);
      CREATE INDEX timeline_pinned ON timeline_entries (incident_id, pinned, seq);

      -- Projection counters kept by the database itself, so no code path can forget them.
      CREATE TRIGGER timeline_counts_i AFTER INSERT ON timeline_entries BEGIN
        UPDATE incidents SET entry_count = entry_count + 1, updated_at = max(updated_at, new.at) WHERE id = new.incident_id;
      END;
      CREATE TRIGGER timeline_counts_pin AFTER UPDATE OF pinned ON timeline_entries WHEN old.pinned != new.pinned BEGIN
        UPDATE incidents SET pinned_count = pinned_count + (new.pinned - old.pinned) WHERE id = new.incident_id;
      END;

      CREATE VIRTUAL TABLE timeline_fts USING fts5 (text, content = 'timeline_entries', content_rowid = 'seq');
      CREATE TRIGGER timeline_fts_i AFTER INSERT ON timeline_entries BEGIN
        INSERT INTO timeline_fts (rowid, text) VALUES (new.seq, new.text);
      END;
      CREATE TRIGGER timeline_fts_u AFTER UPDATE OF text ON timeline_entries BEGIN
        INSERT INTO timeline_fts (timeline_fts, rowid, text) VALUES ('delete', old.seq, old.text);
        INSERT INTO timeline_fts (rowid, text) VALUES (new.seq, new.text);
      END;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        command TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL,
        transport TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        incident_id TEXT REFERENCES incidents (id),
        integration TEXT NOT NULL,
        operation TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','in_flight','delivered','failed','dead','discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        UNIQUE (integration, idempotency_key)
      ) STRICT;
      CREATE INDEX outbox_state ON outbox (state, next_attempt_at);
    `);
  },
};
