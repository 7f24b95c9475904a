// Typed errors that cross every boundary (IPC, HTTP, the renderer) as plain data.

export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'forbidden',
  'profile_required',
  'unknown_command',
  'unavailable',
  'storage_error',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface InputIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: InputIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues?: InputIssue[];
  constructor(code: ErrorCode, message: string, issues?: InputIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (issues) this.issues = issues;
  }
  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.code, body.message, body.issues);
  }
}

export function isErrorBody(v: unknown): v is ErrorBody {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ErrorBody).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((v as ErrorBody).code) &&
    typeof (v as ErrorBody).message === 'string'
  );
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
