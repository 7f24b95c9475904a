// Named actions of the timeline and its composer (command palette, shortcuts and buttons share them).
import { count } from '../../../../shared/format';
import { saveTextFile } from '../../lib/download';
import { currentTimeZone } from '../../lib/timeZone';
import { hasIncident, type ActionContext, type ActionDef } from '../../lib/workbench';
import { timelineUiActions } from './uiStore';

async function exportTimeline(ctx: ActionContext, format: 'markdown' | 'json'): Promise<void> {
  if (!ctx.incident) return;
  const out = await ctx.api.invoke('timeline:export', { incidentId: ctx.incident.id, format, timeZone: currentTimeZone() });
  saveTextFile(out.filename, out.content, out.mediaType);
  ctx.notify(`Exported ${count(out.entries, 'timeline entry', 'timeline entries')} as ${out.filename}.`, 'success');
}

/** The composer lives in the timeline pane, which may be closed or behind another tab: bring it forward. */
function toComposer(ctx: ActionContext): void {
  ctx.openPane('timeline');
  // Replaces the pane's own focus request; served as soon as the composer is mounted.
  ctx.focus('composer');
}

/** One action per composer kind: pick the kind, then bring the composer forward. */
const COMPOSE_KINDS = [
  { kind: 'note', title: 'Add note', keywords: ['entry', 'write', 'log', 'composer'], shortcut: 'N' },
  { kind: 'decision', title: 'Add decision', keywords: ['entry', 'decide', 'composer'], shortcut: 'D' },
  { kind: 'action', title: 'Add action', keywords: ['entry', 'task', 'doing', 'composer'], shortcut: 'A' },
] as const;

export const timelineActions: ActionDef[] = [
  ...COMPOSE_KINDS.map(
    ({ kind, title, keywords, shortcut }): ActionDef => ({
      id: `timeline.add-${kind}`,
      title,
      group: 'Timeline',
      keywords: [...keywords],
      shortcut,
      enabled: hasIncident,
      run: (ctx) => {
        timelineUiActions.setComposerKind(kind);
        toComposer(ctx);
      },
    }),
  ),
  { id: 'timeline.compose', title: 'Focus the composer', group: 'Timeline', shortcut: '/', enabled: hasIncident, run: (ctx) => toComposer(ctx) },
  {
    id: 'timeline.focus',
    title: 'Focus timeline',
    group: 'Timeline',
    keywords: ['entries', 'scroll', 'newest'],
    shortcut: 'T',
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('timeline');
      // The newest entry, not the pane's frame (the later request replaces the pane's).
      ctx.focus('timeline-newest');
    },
  },
  {
    id: 'timeline.export-markdown',
    title: 'Export timeline as Markdown',
    group: 'Timeline',
    keywords: ['download', 'save', 'md', 'report', 'post-mortem', 'postmortem'],
    enabled: hasIncident,
    run: (ctx) => exportTimeline(ctx, 'markdown'),
  },
  {
    id: 'timeline.export-json',
    title: 'Export timeline as JSON',
    group: 'Timeline',
    keywords: ['download', 'save', 'data'],
    enabled: hasIncident,
    run: (ctx) => exportTimeline(ctx, 'json'),
  },
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
