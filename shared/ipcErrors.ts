// How a typed error crosses Electron's contextBridge. The bridge copies only plain data, and a
// rejected promise reaches the page as a bare Error whose `message` survives (Electron may prefix
// it, e.g. "Error invoking remote method '…': Error: "). So the preload rejects with an Error whose
// message is exactly the JSON of the ErrorBody, and the renderer (lib/api/client.ts) decodes it back into an
// AppError with decodeIpcError / ipcErrorToAppError. Both sides share this file so the format
// cannot drift.
import { AppError, isErrorBody, type ErrorBody, type InputIssue } from './errors';

const MAX_ISSUES = 20;

/** Keep only the documented fields: nothing else (stack, causes, paths on disk) crosses the bridge. */
export function sanitizeErrorBody(body: ErrorBody): ErrorBody {
  const clean: ErrorBody = { code: body.code, message: String(body.message) };
  if (Array.isArray(body.issues)) {
    const issues: InputIssue[] = body.issues
      .filter((i): i is InputIssue => typeof i === 'object' && i !== null && typeof i.path === 'string' && typeof i.message === 'string')
      .slice(0, MAX_ISSUES)
      .map((i) => ({ path: i.path, message: i.message }));
    clean.issues = issues;
  }
  return clean;
}

/** The message of the Error the preload rejects with. */
export function encodeIpcError(body: ErrorBody): string {
  return JSON.stringify(sanitizeErrorBody(body));
}

/** The Error the preload throws for a failed command. */
export function ipcError(body: ErrorBody): Error {
  const err = new Error(encodeIpcError(body));
  err.name = 'CommandPostError';
  return err;
}

/**
 * Read an ErrorBody back from an Error message produced by encodeIpcError, tolerating a prefix
 * added by Electron. Returns null when the message carries no ErrorBody.
 */
export function decodeIpcError(message: string): ErrorBody | null {
  if (typeof message !== 'string') return null;
  const start = message.indexOf('{');
  if (start < 0) return null;
  try {
    const parsed: unknown = JSON.parse(message.slice(start));
    return isErrorBody(parsed) ? sanitizeErrorBody(parsed) : null;
  } catch {
    return null;
  }
}

/** Rebuild an AppError from whatever the bridge rejected with; null when it is not one of ours. */
export function ipcErrorToAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const message = typeof err === 'string' ? err : typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  if (typeof message !== 'string') return null;
  const body = decodeIpcError(message);
  return body ? AppError.fromBody(body) : null;
}
