// The status bar's clock: the time now in the chosen zone, named, so a glance tells every reader
// which zone the console's times are in; pressing it opens the zone choice.
import { formatClock } from '../../../shared/time';
import { useTimeZone } from '../lib/timeZone';
import { useClockLabel } from '../ui/time';

export function ZoneClock({ onOpen }: { onOpen: () => void }) {
  const zone = useTimeZone();
  const label = useClockLabel((now) => formatClock(now, zone, { seconds: true }));
  return (
    <button type="button" className="status-item zone-clock" onClick={onOpen} aria-label={`Times are shown in ${zone}; now ${label}. Change the time zone`} title="Change the time zone every time is shown in" data-testid="zone-clock">
      <time>{label}</time>
    </button>
  );
}
