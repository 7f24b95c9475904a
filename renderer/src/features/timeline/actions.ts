// Named actions of the timeline and its composer (command palette, shortcuts and buttons share them).
import { hasIncident, type ActionDef } from '../../lib/workbench';
import { timelineUiActions } from './uiStore';

export const timelineActions: ActionDef[] = [
  {
    id: 'timeline.add-note',
    title: 'Add note',
    group: 'Timeline',
    keywords: ['entry', 'write', 'log', 'composer'],
    shortcut: 'N',
    enabled: hasIncident,
    run: (ctx) => {
      timelineUiActions.setComposerKind('note');
      ctx.focus('composer');
    },
  },
  {
    id: 'timeline.add-decision',
    title: 'Add decision',
    group: 'Timeline',
    keywords: ['entry', 'decide', 'composer'],
    shortcut: 'D',
    enabled: hasIncident,
    run: (ctx) => {
      timelineUiActions.setComposerKind('decision');
      ctx.focus('composer');
    },
  },
  {
    id: 'timeline.add-action',
    title: 'Add action',
    group: 'Timeline',
    keywords: ['entry', 'task', 'doing', 'composer'],
    shortcut: 'A',
    enabled: hasIncident,
    run: (ctx) => {
      timelineUiActions.setComposerKind('action');
      ctx.focus('composer');
    },
  },
  { id: 'timeline.compose', title: 'Focus the composer', group: 'Timeline', shortcut: '/', enabled: hasIncident, run: (ctx) => ctx.focus('composer') },
  { id: 'timeline.focus', title: 'Focus timeline', group: 'Timeline', keywords: ['entries', 'scroll'], shortcut: 'T', enabled: hasIncident, run: (ctx) => ctx.openPane('timeline') },
  {
    id: 'timeline.search',
    title: 'Search the timeline',
    group: 'Timeline',
    keywords: ['find', 'filter'],
    shortcut: 'Mod+F',
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('timeline');
      ctx.focus('timeline-search');
    },
  },
  {
    id: 'timeline.pinned-only',
    title: 'Show pinned entries only (toggle)',
    group: 'Timeline',
    keywords: ['pin', 'filter', 'important'],
    enabled: hasIncident,
    run: () => timelineUiActions.togglePinnedOnly(),
  },
];
