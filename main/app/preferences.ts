// Shell-only preferences (not incident data): a small JSON file next to the window state. Unknown
// or damaged content falls back to the defaults field by field.
import fs from 'node:fs';
import path from 'node:path';

export interface ShellPreferences {
  /** OS notifications for incident events (later features call notify()). */
  notifications: boolean;
}

export const DEFAULT_PREFERENCES: ShellPreferences = Object.freeze({ notifications: true });

export function parsePreferences(raw: unknown): ShellPreferences {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    notifications: typeof o.notifications === 'boolean' ? o.notifications : DEFAULT_PREFERENCES.notifications,
  };
}

export class PreferencesFile {
  private current: ShellPreferences;
  constructor(private readonly file: string) {
    let raw: unknown = null;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      raw = null;
    }
    this.current = parsePreferences(raw);
  }
  get(): ShellPreferences {
    return { ...this.current };
  }
  set(patch: Partial<ShellPreferences>): ShellPreferences {
    this.current = parsePreferences({ ...this.current, ...patch });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.current, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    return this.get();
  }
}
