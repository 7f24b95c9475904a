// Logging that never carries payloads: callers pass messages, not user data or secrets.
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export function consoleLogger(prefix = 'command-post'): Logger {
  const line = (level: string, msg: string) => process.stderr.write(`${new Date().toISOString()} ${prefix} ${level} ${msg}\n`);
  return { info: (m) => line('info', m), warn: (m) => line('warn', m), error: (m) => line('error', m) };
}
