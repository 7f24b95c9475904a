// Taking Incident Command as the person at this console. Roles are held by roster people, so the
// local profile joins the roster first when it is not on it yet (an existing entry is left as it
// is: its team and contacts are someone's data). A second IC is refused by the core (conflict).
import type { Profile } from '../../../../shared/domain/profile';
import type { ApiClient } from '../../lib/api';

export async function takeCommand(api: Pick<ApiClient, 'invoke'>, incidentId: string, profile: Pick<Profile, 'handle' | 'displayName'>): Promise<void> {
  const roster = await api.invoke('roster:list', {});
  if (!roster.some((p) => p.handle === profile.handle)) await api.invoke('roster:upsert', { handle: profile.handle, name: profile.displayName });
  await api.invoke('roles:assign', { incidentId, role: 'incident_commander', person: profile.handle });
}
