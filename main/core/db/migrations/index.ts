import type { Migration } from '../migrate';
import { migration0001 } from './0001-initial-schema';
// Roles, roster, timers, cadence policy, service catalog.
import { migration0002 } from './0002-roles-timers-catalog';
// Vault key metadata, artifacts, custody chains.
import { migration0003 } from './0003-artifact-vault';
// Integrations, the reshaped outbox, vendor refs, on-call cache.
import { migration0004 } from './0004-sync-integrations';
import { migration0005 } from './0005-reserved';
// Keyed checkpoints of the audit and custody logs.
import { migration0006 } from './0006-integrity-checkpoints';
// An index of events by incident and kind, for replaying an incident's state changes.
import { migration0007 } from './0007-events-by-kind';

/** Every migration, in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
