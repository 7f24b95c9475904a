import { AppError } from '../../../shared/errors';
import type { SqlRunner, WriteQueue } from './sqlite';

export interface Migration {
  version: number;
  name: string;
  up(tx: SqlRunner): Promise<void>;
}

export async function schemaVersion(db: SqlRunner): Promise<number> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  return row?.user_version ?? 0;
}

/** Apply pending migrations, each in its own transaction; refuse a database from a newer version. */
export async function migrate(db: SqlRunner, queue: WriteQueue, migrations: readonly Migration[]): Promise<{ from: number; to: number }> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const from = await schemaVersion(db);
  if (from > latest) {
    throw new AppError(
      'unavailable',
      `This database was written by a newer version of Command Post (schema ${from}; this version understands up to ${latest}). ` +
        'Upgrade Command Post to open it. The file has not been changed.',
    );
  }
  for (const m of migrations.slice(from)) {
    await queue.transaction(async (tx) => {
      await m.up(tx);
      // PRAGMA cannot take bound parameters; the version is an integer from our own table.
      await tx.exec(`PRAGMA user_version = ${Math.trunc(m.version)}`);
    });
  }
  return { from, to: latest };
}
