import type { ChangeDomain } from '../../shared/events';
import type { SqlRunner } from './db/sqlite';
import type { EventLog } from './events/eventLog';

/** What a handler gets: the transaction (or the read connection for queries) and who is acting. */
export interface CommandContext {
  /** The write transaction for mutations; the read connection for queries. */
  readonly db: SqlRunner;
  /** The acting profile's handle ('system' before a profile exists). */
  readonly actor: string;
  readonly transport: string;
  readonly log: Pick<EventLog, 'append'>;
  now(): number;
  /** Record that a domain changed so subscribers are told after the commit. */
  changed(domain: ChangeDomain, incidentId?: string): void;
  readonly resourcesDir: string;
}
