// Sync use cases: integration settings (secrets to the key store, in step with the row), the outbox
// (list, retry, discard), status and the on-call cache. Retry and discard are recorded on the
// incident's timeline so the record shows who decided what.
import type { ParsedInput } from '../../../shared/contract';
import type { IntegrationInfo, IntegrationTestResult, OutboxItem, SyncStatus } from '../../../shared/domain/sync';
import { AppError, type InputIssue } from '../../../shared/errors';
import type { KeyStore } from '../keystore/keyStore';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { outboxRepo } from '../repositories/outboxRepo';
import { integrationsRepo, type StoredIntegration } from '../repositories/integrationsRepo';
import type { CommandContext } from '../command';
import { projectEntry } from '../timeline/timeline';
import { ADAPTERS } from './adapters/registry';
import { autoCatchUp } from './catchUp';
import { SECRET_ACCOUNT_PREFIX, type SyncEngine } from './engine';
import type { SyncRouter } from './router';

export interface SyncRuntime {
  readonly router: SyncRouter;
  /** Null until the engine is started (e.g. a core opened only to read). */
  engine(): SyncEngine | null;
  readonly keyStore: KeyStore | null;
  /**
   * Inside a command: run `hook` once its transaction has committed (true) or rolled back (false).
   * The key store is outside the database, so a secret written for a change that did not commit is
   * removed again, and the one it replaced only after the commit.
   */
  onSettle?(hook: (committed: boolean) => void): void;
}

export function publicInfo(i: StoredIntegration): IntegrationInfo {
  const { secretRef: _secretRef, ...info } = i;
  return info;
}

export async function configure(rt: SyncRuntime, input: ParsedInput<'integrations:configure'>, ctx: CommandContext): Promise<IntegrationInfo> {
  const adapter = ADAPTERS[input.kind];
  const existing = await integrationsRepo.get(ctx.db, input.name);
  if (existing && existing.kind !== input.kind) {
    throw new AppError('conflict', `"${input.name}" is already a ${existing.kind} integration; choose another name.`, [{ path: 'name', message: 'is taken by another kind' }]);
  }
  const parsed = adapter.settingsSchema.safeParse(input.settings);
  if (!parsed.success) {
    const issues: InputIssue[] = parsed.error.issues.slice(0, 20).map((i) => ({
      path: ['settings', ...i.path.map(String)].join('.'),
      message: i.code === 'unrecognized_keys' ? `unknown setting${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')} for ${adapter.label}` : i.message,
    }));
    throw new AppError('invalid_input', `Invalid settings for ${adapter.label}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  const previousRef = existing?.secretRef ?? null;
  let secretRef = previousRef;
  const keyStore = rt.keyStore;
  if (input.secret !== undefined) {
    if (!keyStore || !(await keyStore.isAvailable())) {
      throw new AppError('unavailable', 'No key store is available to hold the secret (unlock it or choose a passphrase first); nothing was saved.');
    }
    // A new secret goes to the account the row does not use yet, so until the row commits the
    // integration keeps its old secret, whatever happens to this command.
    secretRef = nextSecretRef(input.name, previousRef);
  }
  if (adapter.secretRequired && !secretRef) {
    throw new AppError('invalid_input', `${adapter.label} needs its secret: ${adapter.secretLabel}.`, [{ path: 'secret', message: 'is required for a new integration' }]);
  }
  const at = new Date(ctx.now()).toISOString();
  const routing = { ...adapter.defaultRouting, ...existing?.routing };
  for (const [k, v] of Object.entries(input.routing ?? {})) if (v !== undefined) (routing as Record<string, unknown>)[k] = v;
  await integrationsRepo.upsert(ctx.db, {
    name: input.name,
    kind: input.kind,
    baseUrl: input.baseUrl ?? existing?.baseUrl ?? adapter.defaultBaseUrl,
    settings: parsed.data,
    routing,
    secretRef,
    enabled: input.enabled ?? existing?.enabled ?? true,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  });
  if (input.secret !== undefined && keyStore && secretRef) {
    // Last, so a key store that cannot take it rolls the row back with it.
    await storeSecret(keyStore, input.name, secretRef, input.secret);
    const written = secretRef;
    rt.onSettle?.((committed) => {
      const stale = committed ? previousRef : written;
      // Best effort: a leftover in the unused account is overwritten by the next change anyway.
      if (stale && stale !== (committed ? written : previousRef)) void keyStore.delete(stale).catch(() => undefined);
    });
  }
  rt.router.invalidate();
  ctx.changed('integrations');
  const saved = (await integrationsRepo.get(ctx.db, input.name))!;
  // In the same transaction: an integration that catches up by itself does so as it is saved.
  await autoCatchUp(existing, saved, ctx);
  return publicInfo(saved);
}

/** Integration secrets alternate between two accounts: `integration:<name>` and `…#2`. */
export function nextSecretRef(name: string, current: string | null): string {
  const base = `${SECRET_ACCOUNT_PREFIX}${name}`;
  return current === base ? `${base}#2` : base;
}

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

async function storeSecret(keyStore: KeyStore, name: string, account: string, secret: string): Promise<void> {
  try {
    await keyStore.set(account, Buffer.from(secret, 'utf8'));
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code && DISK_FULL.has(code)) {
      throw new AppError('storage_error', `The disk is full: the ${keyStore.backend} key store could not save the secret for "${name}". Free some space, then retry; nothing was saved.`);
    }
    const why = code ?? (err instanceof Error ? err.message : String(err));
    throw new AppError('storage_error', `The ${keyStore.backend} key store could not save the secret for "${name}" (${why}); nothing was saved.`);
  }
}

async function requireItem(ctx: CommandContext, id: string): Promise<OutboxItem> {
  const item = await outboxRepo.getItem(ctx.db, id);
  if (!item) throw new AppError('not_found', `No outbox item ${id}.`);
  return item;
}

export async function retry(rt: SyncRuntime, input: ParsedInput<'outbox:retry'>, ctx: CommandContext): Promise<OutboxItem> {
  const item = await requireItem(ctx, input.id);
  if (item.state === 'delivered') throw new AppError('conflict', `${item.summary} was already delivered.`);
  if (item.state === 'discarded') throw new AppError('conflict', `${item.summary} was discarded; it cannot be sent again.`);
  if (item.state === 'in_flight') throw new AppError('conflict', `${item.summary} is being sent right now.`);
  await outboxRepo.requeue(ctx.db, item.id, new Date(ctx.now()).toISOString());
  if (item.incidentId) {
    const ev = await ctx.log.append(ctx, {
      incidentId: item.incidentId,
      actor: ctx.actor,
      kind: 'sync.retried',
      payload: { outboxId: item.id, integration: item.integration, operation: item.operation, previousState: item.state, previousError: item.lastError },
    });
    const was = item.state === 'dead' ? ` (it had failed: ${item.lastError ?? 'no reason recorded'})` : '';
    await projectEntry(ctx, ev, 'system', `Retry requested: ${item.summary} via ${item.integration}${was}`);
  }
  ctx.changed('outbox', item.incidentId ?? undefined);
  rt.engine()?.wake();
  return (await outboxRepo.getItem(ctx.db, item.id))!;
}

export async function discard(input: ParsedInput<'outbox:discard'>, ctx: CommandContext): Promise<OutboxItem> {
  const item = await requireItem(ctx, input.id);
  if (item.state === 'delivered') throw new AppError('conflict', `${item.summary} was already delivered; nothing to discard.`);
  if (item.state === 'discarded') throw new AppError('conflict', `${item.summary} was already discarded.`);
  if (item.state === 'in_flight') throw new AppError('conflict', `${item.summary} is being sent right now; discard it after this attempt.`);
  await outboxRepo.discard(ctx.db, item.id, input.reason, new Date(ctx.now()).toISOString());
  if (item.incidentId) {
    const ev = await ctx.log.append(ctx, {
      incidentId: item.incidentId,
      actor: ctx.actor,
      kind: 'sync.discarded',
      payload: { outboxId: item.id, integration: item.integration, operation: item.operation, previousState: item.state, reason: input.reason },
    });
    await projectEntry(ctx, ev, 'system', `Discarded (will not be sent): ${item.summary} via ${item.integration} — ${input.reason}`);
  }
  ctx.changed('outbox', item.incidentId ?? undefined);
  return (await outboxRepo.getItem(ctx.db, item.id))!;
}

export function requireEngine(rt: SyncRuntime): SyncEngine {
  const e = rt.engine();
  if (!e) throw new AppError('unavailable', 'Sync is not running in this process.');
  return e;
}

export async function listOutbox(input: ParsedInput<'outbox:list'>, ctx: CommandContext): Promise<OutboxItem[]> {
  let incidentId: string | undefined;
  if (input.incidentId) {
    const inc = await incidentsRepo.find(ctx.db, input.incidentId);
    if (!inc) throw new AppError('not_found', `No incident ${input.incidentId}.`);
    incidentId = inc.id;
  }
  return outboxRepo.list(ctx.db, {
    ...(input.state ? { state: input.state } : {}),
    ...(input.integration ? { integration: input.integration } : {}),
    ...(incidentId ? { incidentId } : {}),
    limit: input.limit ?? 200,
  });
}

export async function testIntegration(rt: SyncRuntime, name: string): Promise<IntegrationTestResult> {
  const res = await requireEngine(rt).test(name);
  if (!res) throw new AppError('not_found', `No integration named "${name}".`);
  return res;
}

/** The engine's view when it runs here; otherwise the queue's counts alone. */
export async function syncStatus(rt: SyncRuntime, ctx: CommandContext): Promise<SyncStatus> {
  const e = rt.engine();
  if (e) return e.status();
  const c = await outboxRepo.countsByState(ctx.db);
  return { pending: (c.pending ?? 0) + (c.in_flight ?? 0) + (c.failed ?? 0), dead: c.dead ?? 0, offline: false, locked: false, integrations: [] };
}
