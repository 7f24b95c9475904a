// The role board: every role as a card with its holder(s) and checklist, the roster as draggable
// chips. Assign by dragging a person onto a role, or with the keyboard: Space/Enter on a person
// picks them up, Enter on a role's "Assign here" places them, Escape drops them.
import { useId, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { ROLE_LABELS, ROLES, type Person, type Role, type RoleAssignment } from '../../../../shared/domain/roles';
import { useFocusRequest } from '../../lib/focus';
import { toastActions } from '../../lib/toasts';
import type { PaneProps } from '../../lib/workbench';
import { useCommand } from '../../lib/queries';
import { errorMessage } from '../../ui/errors';
import { useTimeFormat } from '../../ui/time';
import { VirtualRows } from '../../ui/VirtualRows';
import { count } from '../../../../shared/format';
import { HandoverDialog } from './HandoverDialog';
import { useRoleBoard, useRoster } from './queries';
import { matchPeople } from './people';
import { RosterDialog } from './RosterDialog';
import { rolesUiActions, useRolesUi } from './uiStore';
import './roles.css';

const DRAG_TYPE = 'application/x-commandpost-person';
const MULTI: readonly Role[] = ['sme', 'observer'];

/** One line per person in the roster list (name, then @handle · team · roles held). */
const CHIP_ROW_HEIGHT = 46;

export function RolesPane({ incidentId }: PaneProps) {
  const board = useRoleBoard(incidentId);
  const roster = useRoster();
  const ui = useRolesUi();
  const fmt = useTimeFormat();
  const { notify } = toastActions;
  const assign = useCommand('roles:assign');
  const release = useCommand('roles:release');
  const tick = useCommand('roles:checklist');
  const [dropTarget, setDropTarget] = useState<Role | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const rosterRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  useFocusRequest('roles-roster', rosterRef, () => {
    const first = rosterRef.current?.querySelector<HTMLElement>('button.person-chip');
    first?.focus();
    return !!first;
  });

  const people = useMemo(() => roster.data ?? [], [roster.data]);
  const shown = useMemo(() => matchPeople(people, ui.rosterQuery), [people, ui.rosterQuery]);
  const byHandle = new Map(people.map((p) => [p.handle, p]));
  const holders = board.data?.holders ?? [];
  const nameOf = (h: string) => byHandle.get(h)?.name ?? h;

  async function doAssign(role: Role, person: string) {
    try {
      await assign.mutateAsync({ incidentId, role, person });
      notify(`${nameOf(person)} is now ${ROLE_LABELS[role]}.`, 'success');
      rolesUiActions.pick(null);
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  }

  async function doRelease(a: RoleAssignment) {
    try {
      await release.mutateAsync({ incidentId, role: a.role, person: a.person });
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  }

  function onDrop(e: DragEvent, role: Role) {
    e.preventDefault();
    setDropTarget(null);
    const handle = e.dataTransfer.getData(DRAG_TYPE) || e.dataTransfer.getData('text/plain');
    if (handle) void doAssign(role, handle);
  }

  function onChipKey(e: KeyboardEvent) {
    if (e.key === 'Escape' && ui.picked) {
      e.preventDefault();
      rolesUiActions.pick(null);
    }
  }

  if (board.isError) return <div className="form-error pad" role="alert">Could not load roles: {errorMessage(board.error)}</div>;

  const ic = holders.find((h) => h.role === 'incident_commander');

  return (
    <div className="roles-pane" onKeyDown={(e) => e.key === 'Escape' && ui.picked && rolesUiActions.pick(null)}>
      <div className="roles-layout">
        <section className={`roster-panel ${ui.rosterCollapsed ? 'collapsed' : ''}`} aria-label="Roster">
          <div className="roster-head">
            <button type="button" className="small roster-toggle" aria-expanded={!ui.rosterCollapsed} aria-controls={listId} onClick={() => rolesUiActions.toggleRoster()}>
              {ui.rosterCollapsed ? '▸' : '▾'} People ({people.length})
            </button>
            <span className="spacer" />
            <button type="button" className="small" onClick={() => rolesUiActions.open('roster')}>
              Roster…
            </button>
          </div>
          {!ui.rosterCollapsed && (
            <div id={listId} className="roster-body">
              {people.length === 0 ? (
                <p className="muted small-text">
                  The roster is empty. <button type="button" className="linkish" onClick={() => rolesUiActions.open('roster')}>Add or import people</button> to assign roles.
                </p>
              ) : (
                <>
                  <input type="search" className="roster-search" aria-label="Find a person" placeholder="Find a person (name, @handle, team)…" value={ui.rosterQuery} onChange={(e) => rolesUiActions.setRosterQuery(e.target.value)} />
                  <p className="muted small-text roster-hint" aria-live="polite">
                    {ui.picked ? `Picked up ${nameOf(ui.picked)}: press Enter on a role's "Assign here" (Esc to drop)` : shown.length === people.length ? 'Drag onto a role, or Space to pick up' : `${shown.length} of ${people.length} people match`}
                  </p>
                  {shown.length === 0 ? (
                    <p className="muted small-text">No one matches “{ui.rosterQuery}”.</p>
                  ) : (
                    <div ref={rosterRef} className="roster-rows">
                      <VirtualRows
                        label="People on the roster"
                        count={shown.length}
                        rowHeight={CHIP_ROW_HEIGHT}
                        rowKey={(i) => shown[i]!.handle}
                        renderRow={(i) => {
                          const p = shown[i]!;
                          const roles = holders.filter((h) => h.person === p.handle).map((h) => ROLE_LABELS[h.role]);
                          return (
                            <button
                              type="button"
                              className={`person-chip ${ui.picked === p.handle ? 'picked' : ''}`}
                              draggable
                              aria-pressed={ui.picked === p.handle}
                              aria-label={`${p.name} (@${p.handle})${p.team ? `, ${p.team}` : ''}${roles.length ? `, holds ${roles.join(', ')}` : ''}. Press to ${ui.picked === p.handle ? 'put down' : 'pick up for assignment'}`}
                              onDragStart={(e) => {
                                e.dataTransfer.setData(DRAG_TYPE, p.handle);
                                e.dataTransfer.setData('text/plain', p.handle);
                                e.dataTransfer.effectAllowed = 'copy';
                              }}
                              onClick={() => rolesUiActions.pick(ui.picked === p.handle ? null : p.handle)}
                              onKeyDown={onChipKey}
                              data-handle={p.handle}
                            >
                              <span className="person-name">{p.name}</span>
                              <span className="person-meta">
                                @{p.handle}
                                {p.team ? ` · ${p.team}` : ''}
                                {roles.length > 0 && <span className="person-roles"> · {roles.join(', ')}</span>}
                              </span>
                            </button>
                          );
                        }}
                      />
                    </div>
                  )}
                </>
              )}
            </div>
          )}
        </section>

        <div className="role-board">
          <ul className="role-grid" aria-label="Roles">
            {ROLES.map((role) => {
              const mine = holders.filter((h) => h.role === role);
              const checklist = board.data?.checklists[role] ?? [];
              const done = checklist.filter((c) => c.done).length;
              const isIc = role === 'incident_commander';
              const canPlace = !!ui.picked && !mine.some((m) => m.person === ui.picked) && !(isIc && mine.length > 0);
              return (
                <li
                  key={role}
                  className={`role-card ${isIc ? 'role-ic' : ''} ${dropTarget === role ? 'drop-over' : ''} ${mine.length === 0 ? 'vacant' : ''}`}
                  aria-label={`${ROLE_LABELS[role]}: ${mine.length ? mine.map((m) => nameOf(m.person)).join(', ') : 'vacant'}`}
                  data-role={role}
                  onDragOver={(e) => {
                    if (isIc && mine.length > 0) return;
                    e.preventDefault();
                    e.dataTransfer.dropEffect = 'copy';
                    setDropTarget(role);
                  }}
                  onDragLeave={() => setDropTarget((r) => (r === role ? null : r))}
                  onDrop={(e) => onDrop(e, role)}
                >
                  <div className="role-head">
                    <h3>{ROLE_LABELS[role]}</h3>
                    {MULTI.includes(role) && <span className="muted small-text">many</span>}
                    <span className="spacer" />
                    {checklist.length > 0 && (
                      <span className="muted small-text" aria-label={`${done} of ${count(checklist.length, 'checklist task')} done`}>
                        {done}/{checklist.length}
                      </span>
                    )}
                  </div>
                  <ul className="holders">
                    {mine.length === 0 && <li className="muted small-text">Vacant{isIc ? ' — assign an Incident Commander' : ''}</li>}
                    {mine.map((m) => (
                      <li key={m.id} className="holder">
                        <span>
                          <strong>{nameOf(m.person)}</strong> <span className="muted">@{m.person}</span>
                          <span className="muted small-text">
                            {' '}
                            since <time dateTime={m.assumedAt} title={fmt.stamp(m.assumedAt)}>{fmt.absolute(m.assumedAt)}</time>
                          </span>
                        </span>
                        {isIc ? (
                          <button type="button" className="small" onClick={() => rolesUiActions.open('handover')}>
                            Hand over…
                          </button>
                        ) : (
                          <button type="button" className="small" aria-label={`Release ${nameOf(m.person)} from ${ROLE_LABELS[role]}`} onClick={() => void doRelease(m)}>
                            Release
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                  {canPlace && (
                    <button type="button" className="small primary assign-here" onClick={() => void doAssign(role, ui.picked!)}>
                      Assign {nameOf(ui.picked!)} here
                    </button>
                  )}
                  {isIc && mine.length > 0 && ui.picked && ui.picked !== ic?.person && (
                    <p className="muted small-text">One IC at a time: use Hand over.</p>
                  )}
                  {checklist.length > 0 && (
                    <details className="checklist">
                      <summary>Checklist</summary>
                      <ul>
                        {checklist.map((c) => (
                          <li key={c.key}>
                            <label>
                              <input
                                type="checkbox"
                                checked={c.done}
                                onChange={(e) =>
                                  void tick.mutateAsync({ incidentId, role, item: c.key, done: e.target.checked }).catch((err: unknown) => notify(errorMessage(err), 'error'))
                                }
                              />{' '}
                              {c.label}
                              {c.done && c.doneBy && <span className="muted small-text"> — @{c.doneBy}</span>}
                            </label>
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </li>
              );
            })}
          </ul>

          <section className="role-history" aria-label="Role history">
            <button type="button" className="linkish" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}>
              {showHistory ? 'Hide' : 'Show'} history ({count(board.data?.history.length ?? 0, 'assignment')}, {count(board.data?.handovers.length ?? 0, 'handover')})
            </button>
            {showHistory && board.data && (
              <table className="history-table">
                <caption className="sr-only">Every role assignment with assumed and renounced times</caption>
                <thead>
                  <tr>
                    <th scope="col">Role</th>
                    <th scope="col">Person</th>
                    <th scope="col">Assumed</th>
                    <th scope="col">Renounced</th>
                    <th scope="col">Via</th>
                  </tr>
                </thead>
                <tbody>
                  {board.data.history.map((h) => (
                    <tr key={h.id}>
                      <td>{ROLE_LABELS[h.role]}</td>
                      <td>{nameOf(h.person)}</td>
                      <td>
                        <time dateTime={h.assumedAt}>{fmt.absolute(h.assumedAt)}</time>
                      </td>
                      <td>{h.renouncedAt ? <time dateTime={h.renouncedAt}>{fmt.absolute(h.renouncedAt)}</time> : '—'}</td>
                      <td>{h.handoverId ? 'handover' : `@${h.assignedBy}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      </div>

      {ui.dialog === 'handover' && <HandoverDialog incidentId={incidentId} current={ic ?? null} people={people} onClose={rolesUiActions.close} />}
      {ui.dialog === 'roster' && <RosterDialog people={people as Person[]} onClose={rolesUiActions.close} />}
    </div>
  );
}
