import type { EntryKind } from '../../../../shared/domain/timeline';

/** Icon, label and colour class per kind; the label is always shown so colour is never the only cue. */
export const KIND_META: Record<EntryKind, { label: string; icon: string }> = {
  note: { label: 'Note', icon: '✎' },
  decision: { label: 'Decision', icon: '◆' },
  action: { label: 'Action', icon: '▶' },
  status_change: { label: 'Status', icon: '⇄' },
  severity_change: { label: 'Severity', icon: '▲' },
  milestone: { label: 'Milestone', icon: '⚑' },
  system: { label: 'System', icon: '⚙' },
};

export const CORRECTABLE_KINDS: readonly EntryKind[] = ['note', 'decision', 'action'];
