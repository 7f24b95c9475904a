// Who is in command, for the incident header: the Incident Commander and the Communications Lead
// from the role board, or a plain "No IC — take command" that makes the person at this console IC.
import { useState } from 'react';
import { useApi } from '../../lib/ApiProvider';
import { useProfile } from '../../lib/queries';
import { toastActions } from '../../lib/toasts';
import { errorMessage } from '../../ui/errors';
import { takeCommand } from './command';
import { useRoleBoard, useRoster } from './queries';
import './roles.css';

export function CommandSummary({ incidentId, closed }: { incidentId: string; closed?: boolean }) {
  const api = useApi();
  const board = useRoleBoard(incidentId);
  const roster = useRoster();
  const profile = useProfile().data ?? null;
  const [busy, setBusy] = useState(false);
  const nameOf = (handle: string) => roster.data?.find((p) => p.handle === handle)?.name ?? handle;
  const holders = board.data?.holders ?? [];
  const ic = holders.find((h) => h.role === 'incident_commander');
  const comms = holders.find((h) => h.role === 'comms_lead');

  async function take() {
    if (!profile) return;
    setBusy(true);
    try {
      await takeCommand(api, incidentId, profile);
      toastActions.notify(`You (${profile.displayName}) are now the Incident Commander.`, 'success');
    } catch (err) {
      toastActions.notify(`Could not take command: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="command-summary" role="group" aria-label="Who is in command">
      {board.isPending ? null : ic ? (
        <span className="command-holder" data-testid="header-ic" title={`Incident Commander: ${nameOf(ic.person)} (@${ic.person})`}>
          <span className="command-role">IC</span>
          <span className="command-name">{nameOf(ic.person)}</span>
        </span>
      ) : (
        <button type="button" className="take-command" data-testid="header-ic" onClick={() => void take()} disabled={busy || !profile || closed}>
          No IC — take command
        </button>
      )}
      <span className="command-holder" data-testid="header-comms" {...(comms ? { title: `Communications Lead: ${nameOf(comms.person)} (@${comms.person})` } : {})}>
        <span className="command-role">Comms</span>
        {comms ? (
          <span className="command-name">{nameOf(comms.person)}</span>
        ) : (
          <span className="muted">no comms lead</span>
        )}
      </span>
    </div>
  );
}
