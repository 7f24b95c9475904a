import type { Migration } from '../migrate';

// An incident's events of a few kinds, in order (its status changes, severity changes, role
// changes): what sync:coverage replays on every change of an incident. Without this index the query
// reads every event of the incident, 50,000 notes included, to find a handful.
export const migration0007: Migration = {
  version: 7,
  name: 'events-by-kind',
  async up(tx) {
    await tx.exec('CREATE INDEX events_by_incident_kind ON events (incident_id, kind, seq);');
  },
};
