import type { Migration } from '../migrate';
import { migration0001 } from './0001-initial-schema';

/** Every migration, in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
