// Side effects of a timer alert: a short tone (only if the user turned sound on) and an OS
// notification (only if they opted in and the platform permits). Both fail quietly: the banner is
// the alert that always shows.
import type { TimerAlert } from '../../../../shared/domain/timers';

export function beep(level: TimerAlert['level']): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = level === 'expired' ? 880 : 660;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + (level === 'expired' ? 0.45 : 0.2));
    osc.onended = () => void ctx.close();
  } catch {
    /* audio unavailable: the banner still shows */
  }
}

export function alertText(a: TimerAlert): string {
  const what = a.kind === 'diagnosis' ? `Diagnosis box “${a.label}”` : a.kind === 'ask' ? `Ask “${a.label}”${a.owner ? ` (${a.owner})` : ''}` : `Cadence: ${a.label}`;
  return a.level === 'expired' ? `${what} has expired${a.kind === 'diagnosis' ? ' — decide: extend, switch or escalate' : ''}` : `${what}: 80% of the time used`;
}

export function osNotify(a: TimerAlert): void {
  try {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    new Notification('Command Post', { body: alertText(a), tag: `${a.timerId}:${a.level}` });
  } catch {
    /* not permitted here */
  }
}

export async function requestOsPermission(): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  if (Notification.permission === 'granted') return true;
  if (Notification.permission === 'denied') return false;
  return (await Notification.requestPermission()) === 'granted';
}
