import { Command } from 'cmdk';
import { useState } from 'react';
import { formatShortcut } from '../lib/shortcuts';
import { SeverityBadge, statusLabel } from '../ui/Badges';
import { Modal } from '../ui/Modal';
import { incidentsUiActions, useIncidents } from '../features/incidents';
import type { ActionContext, ActionDef } from '../lib/workbench';
import { actions, runAction } from './actions';
import { rankCommand } from './paletteRank';
import { paletteActions } from './store';

function groupActions(list: ActionDef[]): Array<[string, ActionDef[]]> {
  const groups = new Map<string, ActionDef[]>();
  for (const a of list) {
    const g = a.group ?? 'Actions';
    groups.set(g, [...(groups.get(g) ?? []), a]);
  }
  return [...groups.entries()];
}

/** Ctrl/Cmd+K: every named action, plus a page to switch incident. */
export function CommandPalette({ ctx, page }: { ctx: ActionContext; page: 'root' | 'incidents' }) {
  const close = paletteActions.close;
  const selectIncident = incidentsUiActions.select;
  const [search, setSearch] = useState('');
  const incidents = useIncidents({});
  const available = actions.filter((a) => a.id !== 'palette.open' && (!a.enabled || a.enabled(ctx)));

  function run(a: ActionDef) {
    close();
    void runAction(a.id, ctx);
  }

  const incidentItems = (incidents.data ?? []).map((inc) => (
    <Command.Item
      key={inc.id}
      value={`${inc.humanId} ${inc.title}`}
      keywords={['incident', inc.severity, inc.status, inc.mode]}
      onSelect={() => {
        close();
        selectIncident(inc.id);
      }}
    >
      <SeverityBadge severity={inc.severity} />
      <span className="palette-id">{inc.humanId}</span>
      <span className="palette-title">{inc.title}</span>
      <span className="palette-meta">
        {statusLabel(inc.status)}
        {inc.mode === 'exercise' ? ' · EXERCISE' : ''}
      </span>
    </Command.Item>
  ));

  return (
    <Modal title={page === 'incidents' ? 'Switch incident' : 'Command palette'} onClose={close} className="palette-modal">
      <Command label={page === 'incidents' ? 'Switch incident' : 'Command palette'} loop filter={rankCommand}>
        <Command.Input autoFocus data-autofocus value={search} onValueChange={setSearch} placeholder={page === 'incidents' ? 'Type an incident id or title…' : 'Type a command or an incident…'} aria-label="Search commands" />
        <Command.List>
          <Command.Empty>Nothing matches “{search}”.</Command.Empty>
          {page === 'root' &&
            groupActions(available).map(([group, list]) => (
              <Command.Group key={group} heading={group}>
                {list.map((a) => (
                  <Command.Item key={a.id} value={a.title} keywords={[...(a.keywords ?? []), a.id]} onSelect={() => run(a)}>
                    <span className="palette-title">{a.title}</span>
                    {a.shortcut && <kbd className="palette-shortcut">{formatShortcut(a.shortcut)}</kbd>}
                  </Command.Item>
                ))}
              </Command.Group>
            ))}
          {(page === 'incidents' || search.length > 0) && <Command.Group heading="Incidents">{incidentItems}</Command.Group>}
        </Command.List>
      </Command>
    </Modal>
  );
}
