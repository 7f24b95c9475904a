// The one path every command takes, whatever the transport: parse → authorize → run → audit.
// Mutations run inside the serialized write queue; their audit row is written in the same
// transaction as their effect. A failed mutation is rolled back and audited on its own.
// Slow work never holds the queue: a PreparedHandler (handlers.ts) does it in prepare(), after
// authorization and before the transaction, with the read connection; what it returns runs inside
// the transaction, and is released if that does not commit. Key derivation lives there, so a
// passphrase or a hostile bundle cannot stall every other command.
import type { z } from 'zod';
import { commands, isCommandName, type CommandName } from '../../shared/contract';
import { AppError, type ErrorBody, type InputIssue, type Result } from '../../shared/errors';
import type { ChangeNotice } from '../../shared/events';
import type { Database } from './db/database';
import { ChangeSet } from './events/changes';
import type { Handlers, Prepared } from './command';
import type { Authorizer } from './policy/authorize';
import type { AuditChain } from './audit/auditChain';
import type { CommandContext } from './command';
import type { EventLog } from './events/eventLog';

export interface DispatchOptions {
  transport: string;
  /** In-process callers only (CLI seeding, schedulers): act as this actor instead of the profile. */
  actorOverride?: string;
}


export interface DispatcherDeps {
  db: Database;
  handlers: Handlers;
  authorize: Authorizer;
  audit: AuditChain;
  log: EventLog;
  now: () => number;
  resourcesDir: string;
  actor: () => string | null;
  onCommitted: (notices: ChangeNotice[], command: CommandName, data: unknown) => void;
  onInternalError: (command: string, err: unknown) => void;
}

export function zodIssues(error: z.ZodError): InputIssue[] {
  return error.issues.slice(0, 20).map((i) => {
    const path = i.path.map(String).join('.') || '(input)';
    let message = i.message;
    if (i.code === 'unrecognized_keys') message = `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    else if (i.code === 'invalid_type' && i.path.length === 0) message = 'must be a JSON object';
    return { path, message };
  });
}

function describeTarget(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const o = input as Record<string, unknown>;
  for (const key of ['id', 'incidentId', 'eventId', 'name', 'timerId']) {
    const v = o[key];
    if (typeof v === 'string' && v.length <= 64) return v;
  }
  return null;
}

type PlainHandler = (i: unknown, c: CommandContext) => Promise<unknown>;
type AnyHandler = PlainHandler | { prepare(i: unknown, c: CommandContext): Promise<Prepared<unknown>> };

export function toErrorBody(err: unknown): ErrorBody | null {
  return err instanceof AppError ? err.toBody() : null;
}

export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  async dispatch(name: string, raw: unknown, opts: DispatchOptions): Promise<Result<unknown>> {
    if (!isCommandName(name)) {
      return { ok: false, error: { code: 'unknown_command', message: `Unknown command "${name.slice(0, 80)}".` } };
    }
    const spec = commands[name];
    const parsed = spec.input.safeParse(raw === undefined ? {} : raw);
    const actor = opts.actorOverride ?? this.deps.actor();
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      const error: ErrorBody = {
        code: 'invalid_input',
        message: `Invalid input for ${name}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
        issues,
      };
      if (spec.kind === 'mutation') await this.auditFailure(name, raw, actor, opts, error.code);
      return { ok: false, error };
    }
    const input = parsed.data;
    try {
      await this.deps.authorize({ command: name, kind: spec.kind, actor, input });
      const handler = this.deps.handlers[name] as AnyHandler;
      const readCtx = () => this.context(this.deps.db.reader, actor, opts, () => undefined);
      const prepared = typeof handler === 'function' ? null : await handler.prepare(input, readCtx());
      const run = prepared ? (c: CommandContext) => prepared.run(c) : (c: CommandContext) => (handler as PlainHandler)(input, c);
      if (spec.kind === 'query') {
        const data = await run(readCtx());
        return { ok: true, data };
      }
      const changes = new ChangeSet();
      let data: unknown;
      try {
        data = await this.deps.db.queue.transaction(async (tx) => {
          changes.clear();
          const ctx = this.context(tx, actor, opts, changes.add);
          const result = await run(ctx);
          await this.deps.audit.record(tx, { at: new Date(this.deps.now()).toISOString(), actor: ctx.actor, command: name, target: describeTarget(input), outcome: 'ok', transport: opts.transport });
          return result;
        });
      } catch (err) {
        prepared?.release?.();
        throw err;
      }
      this.deps.onCommitted(changes.notices(), name, data);
      return { ok: true, data };
    } catch (err) {
      const known = err instanceof AppError;
      if (!known) this.deps.onInternalError(name, err);
      const error: ErrorBody = known ? err.toBody() : { code: 'internal', message: `Internal error in ${name}; nothing was saved.` };
      if (spec.kind === 'mutation' || error.code === 'forbidden') await this.auditFailure(name, input, actor, opts, error.code);
      return { ok: false, error };
    }
  }

  /**
   * A transport refused a command before it could be dispatched (a streamed upload with the wrong
   * content type, too large, or for a locked vault): one audit row, like any refused mutation.
   */
  async auditRefusal(name: CommandName, input: unknown, code: ErrorBody['code'], opts: DispatchOptions): Promise<void> {
    if (commands[name].kind !== 'mutation' && code !== 'forbidden') return;
    await this.auditFailure(name, input, opts.actorOverride ?? this.deps.actor(), opts, code);
  }

  private context(db: CommandContext['db'], actor: string | null, opts: DispatchOptions, changed: CommandContext['changed']): CommandContext {
    return { db, actor: actor ?? 'system', transport: opts.transport, log: this.deps.log, now: this.deps.now, changed, resourcesDir: this.deps.resourcesDir };
  }

  private async auditFailure(name: string, input: unknown, actor: string | null, opts: DispatchOptions, code: string): Promise<void> {
    try {
      await this.deps.db.queue.transaction((tx) =>
        this.deps.audit.record(tx, { at: new Date(this.deps.now()).toISOString(), actor: actor ?? 'system', command: name, target: describeTarget(input), outcome: `error:${code}`, transport: opts.transport }),
      );
    } catch (err) {
      // The disk may be full; the caller still gets the original error.
      this.deps.onInternalError(name, err);
    }
  }
}
