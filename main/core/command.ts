// What a command handler is, and what it gets. Every domain's handlers.ts defines its handlers with
// defineHandlers(), which makes a missing or mistyped handler of that domain a compile error; the
// table in handlers.ts spreads them. This module imports no domain, so no domain imports the table.
import type { CommandName, CommandResult, ParsedInput } from '../../shared/contract';
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

export type Handler<N extends CommandName> = (input: ParsedInput<N>, ctx: CommandContext) => Promise<CommandResult<N>>;

/** What a PreparedHandler's prepare() hands over to the write transaction. */
export interface Prepared<R> {
  /** Runs inside the write transaction: short, and re-checks what may have changed since prepare. */
  run(ctx: CommandContext): Promise<R>;
  /** Called when run() did not commit (it threw, the commit failed, or it never ran): undo what prepare staged. */
  release?(): void;
}

/**
 * A mutation with slow work that must not hold the write queue (key derivation, encrypting a file):
 * prepare() runs before the transaction with the read connection, and returns what runs inside it.
 */
export interface PreparedHandler<N extends CommandName> {
  readonly prepare: (input: ParsedInput<N>, ctx: CommandContext) => Promise<Prepared<CommandResult<N>>>;
}

export type AnyHandler<N extends CommandName> = Handler<N> | PreparedHandler<N>;

/** Every command's handler. */
export type Handlers = { [N in CommandName]: AnyHandler<N> };

/** The commands of the domains named by these prefixes (`roles` → `roles:assign`, …). */
export type CommandsOf<P extends string> = Extract<CommandName, `${P}:${string}`>;

/** Exactly the handlers of those commands: one missing, or one of another domain, is a compile error. */
export type DomainHandlers<P extends string> = { [N in CommandsOf<P>]: AnyHandler<N> };

/**
 * A domain's handlers, built from what the domain needs from the composition root (`deps`). The
 * prefixes are the command prefixes the domain answers; they only type the table.
 */
export function defineHandlers<const P extends string, D = void>(_prefixes: readonly P[], build: (deps: D) => DomainHandlers<P>): (deps: D) => DomainHandlers<P> {
  return build;
}
