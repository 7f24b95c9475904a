// The timeline as a file: JSON for tools, Markdown for people (post-mortems, hand-offs, tickets).
// Times are in the reader's zone (UTC unless asked) and say which; entry text is copied as recorded, except that a continuation line
// cannot start a Markdown block (a heading, a list item, a quote), so no entry forges the structure.
import type { ParsedInput } from '../../../shared/contract';
import type { Incident } from '../../../shared/domain/incidents';
import type { EntryKind, TimelineEntry, TimelineExport } from '../../../shared/domain/timeline';
import { formatIsoInZone, formatStamp, UTC } from '../../../shared/time';
import type { CommandContext } from '../command';
import { requireIncident } from '../incidents/lookup';
import { timelineRepo } from '../repositories/timelineRepo';

const KIND_LABELS: Record<EntryKind, string> = {
  note: 'Note',
  decision: 'Decision',
  action: 'Action',
  status_change: 'Status',
  severity_change: 'Severity',
  milestone: 'Milestone',
  system: 'System',
};

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A line that Markdown would read as the start of a block gets its marker escaped. */
function inertLine(line: string): string {
  return line.replace(/^(\s*)([#>*+=|`~-]|\d+[.)])/, '$1\\$2');
}

function markdown(inc: Incident, entries: TimelineEntry[], exportedAt: string, by: string | null, zone: string): string {
  const stamp = (iso: string) => formatStamp(Date.parse(iso), zone, { seconds: true });
  const out = [
    `# ${inc.humanId} — ${inc.title.replace(/\s+/g, ' ')}`,
    '',
    `${inc.severity} · ${capitalised(inc.status)} · ${inc.mode === 'exercise' ? 'EXERCISE' : 'real incident'} · declared ${stamp(inc.createdAt)}`,
    '',
    `Exported ${stamp(exportedAt)}${by ? ` by @${by}` : ''}. ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, oldest first. Times are ${zone === UTC ? 'UTC' : `in ${zone}`}.`,
    '',
  ];
  if (inc.summary.trim()) out.push('## Summary', '', ...inc.summary.split('\n').map(inertLine), '');
  out.push('## Timeline', '');
  for (const e of entries) {
    const [first = '', ...rest] = e.text.split(/\r?\n/);
    const tags = [KIND_LABELS[e.kind], `@${e.actor}`, e.pinned ? 'pinned' : null, e.corrected ? 'corrected' : null].filter(Boolean).join(' · ');
    out.push(`- **${stamp(e.at)}** · ${tags}: ${first}`);
    for (const line of rest) out.push(`  ${inertLine(line)}`);
  }
  out.push('');
  return out.join('\n');
}

export async function exportTimeline(input: ParsedInput<'timeline:export'>, ctx: CommandContext): Promise<TimelineExport> {
  const inc = await requireIncident(ctx.db, input.incidentId);
  const entries = await timelineRepo.all(ctx.db, inc.id);
  const exportedAt = new Date(ctx.now()).toISOString();
  const zone = input.timeZone ?? UTC;
  if (input.format === 'json') {
    // Instants stay ISO UTC for tools; with another zone each entry also carries its reading there.
    const rows = zone === UTC ? entries : entries.map((e) => ({ ...e, atInZone: formatIsoInZone(Date.parse(e.at), zone) }));
    const content = JSON.stringify({ incident: inc, exportedAt, exportedBy: ctx.actor, timeZone: zone, entries: rows }, null, 2);
    return { format: 'json', filename: `${inc.humanId}-timeline.json`, mediaType: 'application/json', content, entries: entries.length };
  }
  return { format: 'markdown', filename: `${inc.humanId}-timeline.md`, mediaType: 'text/markdown', content: markdown(inc, entries, exportedAt, ctx.actor, zone), entries: entries.length };
}
