import { CADENCE_KEYS, CADENCE_LABELS, DEFAULT_CADENCE } from '../../../../shared/domain/timers';
import { SEVERITIES } from '../../../../shared/domain/incidents';
import type { Migration } from '../migrate';

const ROLE_CHECK = `role IN ('incident_commander','deputy','scribe','comms_lead','ops_lead','sme','customer_liaison','internal_liaison','observer')`;

// War room: people roster, role assignments and IC handovers, role checklists, timers stored as
// deadlines, the cadence policy table, the service catalog and per-incident component statuses.
export const migration0002: Migration = {
  version: 2,
  name: 'roles-timers-catalog',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE people (
        handle TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        team TEXT NOT NULL DEFAULT '',
        contacts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(contacts)),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE role_assignments (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        role TEXT NOT NULL CHECK (${ROLE_CHECK}),
        person TEXT NOT NULL,
        assumed_at TEXT NOT NULL,
        renounced_at TEXT,
        assigned_by TEXT NOT NULL,
        handover_id TEXT
      ) STRICT;
      CREATE INDEX role_assignments_by_incident ON role_assignments (incident_id, assumed_at);
      -- The single-IC rule is checked by the service; this index makes a second IC impossible even if
      -- a future code path forgets to check.
      CREATE UNIQUE INDEX one_incident_commander ON role_assignments (incident_id)
        WHERE role = 'incident_commander' AND renounced_at IS NULL;
      CREATE UNIQUE INDEX one_open_assignment ON role_assignments (incident_id, role, person)
        WHERE renounced_at IS NULL;

      CREATE TABLE handovers (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        from_person TEXT,
        to_person TEXT NOT NULL,
        brief TEXT NOT NULL CHECK (json_valid(brief)),
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events (id)
      ) STRICT;
      CREATE INDEX handovers_by_incident ON handovers (incident_id, at);

      CREATE TABLE role_checklist (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        role TEXT NOT NULL CHECK (${ROLE_CHECK}),
        item TEXT NOT NULL,
        done_by TEXT NOT NULL,
        done_at TEXT NOT NULL,
        PRIMARY KEY (incident_id, role, item)
      ) STRICT;

      -- Deadlines are absolute wall-clock instants (ms since the epoch): whatever happens to the
      -- process in between, the state is recomputed from due_ms and the clock.
      CREATE TABLE timers (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        kind TEXT NOT NULL CHECK (kind IN ('diagnosis','ask','cadence')),
        label TEXT NOT NULL,
        owner TEXT,
        started_ms INTEGER NOT NULL,
        due_ms INTEGER NOT NULL CHECK (due_ms > started_ms),
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','resolved','cancelled')),
        warned_at TEXT,
        expired_at TEXT,
        resolved_at TEXT,
        decision TEXT CHECK (decision IS NULL OR decision IN ('extend','switch','escalate','done','cancel')),
        note TEXT,
        extensions INTEGER NOT NULL DEFAULT 0,
        policy_key TEXT,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX timers_by_incident ON timers (incident_id, due_ms);
      CREATE INDEX timers_open ON timers (state, due_ms);

      CREATE TABLE cadence_policies (
        severity TEXT NOT NULL CHECK (severity IN ('SEV-1','SEV-2','SEV-3','SEV-4','SEV-5')),
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        first_minutes INTEGER NOT NULL CHECK (first_minutes > 0),
        every_minutes INTEGER CHECK (every_minutes IS NULL OR every_minutes > 0),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        position INTEGER NOT NULL,
        updated_at TEXT,
        updated_by TEXT,
        PRIMARY KEY (severity, key)
      ) STRICT;

      CREATE TABLE services (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('component','resource','system','api')),
        name TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        tier TEXT NOT NULL DEFAULT '',
        runbook_url TEXT,
        system TEXT,
        lifecycle TEXT NOT NULL DEFAULT '',
        failover TEXT CHECK (failover IS NULL OR json_valid(failover)),
        position INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE service_edges (
        from_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
        to_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
        type TEXT NOT NULL CHECK (type IN ('dependsOn','hasPart','consumesApi','providedBy')),
        PRIMARY KEY (from_id, to_id, type)
      ) STRICT;
      CREATE INDEX service_edges_to ON service_edges (to_id);

      CREATE TABLE catalog_unknown_refs (
        from_id TEXT NOT NULL,
        ref TEXT NOT NULL,
        field TEXT NOT NULL,
        document INTEGER NOT NULL,
        line INTEGER NOT NULL
      ) STRICT;

      -- No foreign key to services: a re-import may drop a service an incident still names, and the
      -- incident's record must survive that.
      CREATE TABLE service_impacts (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        service_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('operational','degraded_performance','partial_outage','major_outage','under_maintenance')),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (incident_id, service_id)
      ) STRICT;
    `);
    let position = 0;
    for (const severity of SEVERITIES) {
      for (const key of CADENCE_KEYS) {
        const [first, every, enabled] = DEFAULT_CADENCE[severity][key];
        await tx.run(
          'INSERT INTO cadence_policies (severity, key, label, first_minutes, every_minutes, enabled, position) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [severity, key, CADENCE_LABELS[key], first, every, enabled ? 1 : 0, position++],
        );
      }
    }
  },
};
