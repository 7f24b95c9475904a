// What one transaction changed, gathered while it runs and announced (`db:changed`) only after it
// commits: one notice per incident touched, plus one for changes that belong to no incident.
import type { ChangeDomain, ChangeNotice } from '../../../shared/events';

export class ChangeSet {
  private readonly byIncident = new Map<string, ChangeNotice>();

  /** Record that `domain` changed (for `incidentId`, when it belongs to one). */
  readonly add = (domain: ChangeDomain, incidentId?: string): void => {
    const key = incidentId ?? '';
    const n = this.byIncident.get(key) ?? { domains: [], ...(incidentId ? { incidentId } : {}) };
    if (!n.domains.includes(domain)) n.domains.push(domain);
    this.byIncident.set(key, n);
  };

  /** Forget everything (a retried transaction starts over). */
  clear(): void {
    this.byIncident.clear();
  }

  notices(): ChangeNotice[] {
    return [...this.byIncident.values()];
  }
}
