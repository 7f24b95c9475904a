import { useState } from 'react';
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

const fingerprint = (v: unknown) => JSON.stringify(v ?? null);

/**
 * Which of `values` still hold what they held when `error` arrived (state updated during render:
 * React's pattern for keeping information from an earlier render).
 */
function useUnchangedSince(error: unknown, values: Record<string, unknown>): (key: string) => boolean {
  const err = error ?? null;
  const now = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, fingerprint(v)]));
  const [refused, setRefused] = useState<{ err: unknown; values: Record<string, string> }>({ err: null, values: {} });
  if (refused.err !== err) setRefused({ err, values: now });
  const at = refused.err === err ? refused.values : now;
  return (key) => now[key] === at[key];
}

/**
 * fieldErrors for a form, where a field's message goes as soon as the field no longer holds what was
 * refused (and comes back if it is put back). `values` are the form's current values by field name.
 */
export function useFieldErrors(error: unknown, fields: readonly string[], values: Record<string, unknown>): ReturnType<typeof fieldErrors> {
  const unchanged = useUnchangedSince(error, values);
  const all = fieldErrors(error, fields);
  const live: Record<string, string> = {};
  for (const [f, message] of Object.entries(all.fields)) if (unchanged(f)) live[f] = message;
  return { fields: live, general: all.general };
}

/** `error` while `value` still holds what was refused (an import's content, say); null once it changed. */
export function useErrorUntilChanged<E>(error: E | null | undefined, value: unknown): E | null {
  const unchanged = useUnchangedSince(error, { value });
  return error && unchanged('value') ? error : null;
}

function capitalise(s: string): string {
  const words = s.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
