// The timeline: entry kinds and pages of entries.
export const ENTRY_KINDS = [
  'note',
  'decision',
  'action',
  'status_change',
  'severity_change',
  'milestone',
  'system',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
/** Kinds a person may append directly; the others are written by the system as side effects. */
export const USER_ENTRY_KINDS = ['note', 'decision', 'action'] as const;
export type UserEntryKind = (typeof USER_ENTRY_KINDS)[number];
export interface TimelineEntry {
  eventId: string;
  incidentId: string;
  seq: number;
  kind: EntryKind;
  text: string;
  actor: string;
  at: string;
  hlc: string;
  pinned: boolean;
  /** Set once the entry has been corrected; `text` is the latest correction. */
  corrected: null | { at: string; by: string; originalText: string; revisions: number };
}
export interface TimelinePage {
  entries: TimelineEntry[];
  /** Pass as `before` to fetch the next (older) page; null at the start of the incident. */
  nextBefore: number | null;
  total: number;
}
/** A whole timeline as a file to save (timeline:export). */
export interface TimelineExport {
  format: 'markdown' | 'json';
  filename: string;
  mediaType: 'text/markdown' | 'application/json';
  content: string;
  entries: number;
}
