// OS notifications for later features (a timer expiring, a page acknowledged, a sync failing). The
// user's setting is read on every call, so turning notifications off takes effect at once.
// Bodies are short plain text: never secrets, never raw vendor payloads.
import { Notification } from 'electron';

export interface NotifyOptions {
  title: string;
  body?: string;
  /** 'critical' stays on screen on Linux; use for SEV-1/SEV-2 only. */
  urgency?: 'normal' | 'critical' | 'low';
  silent?: boolean;
  onClick?: () => void;
}

export interface Notifier {
  /** True when a notification was shown; false when disabled by the setting or unsupported. */
  notify(opts: NotifyOptions): boolean;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function createNotifier(isEnabled: () => boolean): Notifier {
  return {
    notify(opts) {
      if (!isEnabled() || !Notification.isSupported()) return false;
      const n = new Notification({
        title: clip(String(opts.title), 120),
        body: clip(String(opts.body ?? ''), 400),
        urgency: opts.urgency ?? 'normal',
        silent: opts.silent ?? false,
      });
      if (opts.onClick) n.on('click', opts.onClick);
      n.show();
      return true;
    },
  };
}
