import { AppError } from '../../../shared/errors';

/** Split a backend error into per-field messages (by the first segment of issues[].path) and the rest. */
export function fieldErrors(err: unknown, fields: readonly string[]): { fields: Record<string, string>; general: string | null } {
  if (!err) return { fields: {}, general: null };
  if (!(err instanceof AppError)) return { fields: {}, general: err instanceof Error ? err.message : String(err) };
  const out: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of err.issues ?? []) {
    const key = issue.path.split('.')[0] ?? '';
    if (fields.includes(key)) out[key] = out[key] ? `${out[key]}; ${issue.message}` : `${capitalise(key)} ${issue.message}.`;
    else rest.push(`${issue.path} ${issue.message}`);
  }
  const general = Object.keys(out).length === 0 ? err.message : rest.length ? rest.join('; ') : null;
  return { fields: out, general };
}

function capitalise(s: string): string {
  const words = s.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
