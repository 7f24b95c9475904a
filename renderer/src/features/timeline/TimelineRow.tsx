import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TimelineEntry } from '../../../../shared/domain/timeline';
import { useCommand } from '../../lib/queries';
import { useTimelineHistory } from './queries';
import { errorMessage } from '../../ui/errors';
import { RelativeTime, useTimeFormat } from '../../ui/time';
import { CORRECTABLE_KINDS, KIND_META } from './kinds';

export interface RowState {
  editing: boolean;
  historyOpen: boolean;
}

interface Props {
  entry: TimelineEntry;
  index: number;
  total: number;
  active: boolean;
  editing: boolean;
  historyOpen: boolean;
  onEdit: (eventId: string | null) => void;
  onToggleHistory: (eventId: string) => void;
  onActivate: (index: number) => void;
}

function History({ eventId }: { eventId: string }) {
  const q = useTimelineHistory(eventId);
  const fmt = useTimeFormat();
  if (q.isPending) return <p className="muted">Loading history…</p>;
  if (q.isError) return <p className="field-error">Could not load the history: {errorMessage(q.error)}</p>;
  return (
    <ol className="tl-history" aria-label="Versions, oldest first">
      {q.data.map((v, i) => (
        <li key={v.eventId}>
          <span className="tl-history-meta">
            {i === 0 ? 'Original' : `Correction ${i}`} · {v.actor} · <time dateTime={v.at}>{fmt.absolute(v.at, undefined, { seconds: true })}</time>
          </span>
          <span className="tl-history-text">{fmt.text(v.text, v.at)}</span>
        </li>
      ))}
    </ol>
  );
}

function Editor({ entry, onDone }: { entry: TimelineEntry; onDone: () => void }) {
  const [text, setText] = useState(entry.text);
  const correct = useCommand('timeline:correct');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  function save() {
    if (text === entry.text) return onDone();
    correct.mutate({ eventId: entry.eventId, text }, { onSuccess: onDone });
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    e.stopPropagation();
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onDone();
    }
  }
  return (
    <div className="tl-editor">
      <label className="sr-only" htmlFor={`edit-${entry.eventId}`}>
        Correct the entry
      </label>
      <textarea id={`edit-${entry.eventId}`} ref={ref} value={text} rows={Math.min(8, Math.max(2, text.split('\n').length))} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} aria-invalid={correct.isError} />
      <div className="tl-editor-actions">
        <button type="button" className="primary small" onClick={save} disabled={correct.isPending}>
          Save correction
        </button>
        <button type="button" className="small" onClick={onDone}>
          Cancel
        </button>
        <span className="muted small-text">Enter saves · Esc cancels · the original stays in the history</span>
      </div>
      {correct.isError && (
        <div className="field-error" role="alert">
          Not corrected: {errorMessage(correct.error)}
        </div>
      )}
    </div>
  );
}

export const TimelineRow = memo(function TimelineRow({ entry, index, total, active, editing, historyOpen, onEdit, onToggleHistory, onActivate }: Props) {
  const pin = useCommand('timeline:pin');
  const meta = KIND_META[entry.kind];
  const correctable = CORRECTABLE_KINDS.includes(entry.kind);
  const labelId = `tl-${entry.eventId}-label`;
  const fmt = useTimeFormat();
  // The core and people record readings in UTC; shown in the chosen zone, the recorded words in the tooltip.
  const shown = fmt.text(entry.text, entry.at);
  return (
    <article
      className={`tl-row kind-${entry.kind} ${entry.pinned ? 'is-pinned' : ''} ${active ? 'is-active' : ''}`}
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-labelledby={labelId}
      tabIndex={active ? 0 : -1}
      data-event-id={entry.eventId}
      data-testid="timeline-row"
      onFocus={(e) => e.target === e.currentTarget && onActivate(index)}
    >
      <div className="tl-kind" id={labelId}>
        <span className="tl-icon" aria-hidden="true">
          {meta.icon}
        </span>
        <span className="tl-kind-label">{meta.label}</span>
        {entry.pinned && (
          <span className="pin-flag" title="Pinned">
            PINNED
          </span>
        )}
      </div>
      <div className="tl-body">
        <div className="tl-meta">
          <span className="tl-actor">{entry.actor}</span>
          <time className="tl-abs" dateTime={entry.at} title={fmt.stamp(entry.at, { seconds: true })}>
            {fmt.absolute(entry.at, undefined, { seconds: true })}
          </time>
          <RelativeTime className="tl-rel" iso={entry.at} />
          {entry.corrected && (
            <button type="button" className="linkish tl-edited" aria-expanded={historyOpen} onClick={() => onToggleHistory(entry.eventId)} title={`Corrected by ${entry.corrected.by}`}>
              edited{entry.corrected.revisions > 1 ? ` ×${entry.corrected.revisions}` : ''} · {historyOpen ? 'hide' : 'history'}
            </button>
          )}
        </div>
        {editing ? <Editor entry={entry} onDone={() => onEdit(null)} /> : <p className="tl-text" title={shown === entry.text ? undefined : `As recorded: ${entry.text}`}>
            {shown}
          </p>}
        {historyOpen && <History eventId={entry.eventId} />}
        {pin.isError && (
          <div className="field-error" role="alert">
            {errorMessage(pin.error)}
          </div>
        )}
      </div>
      <div className="tl-actions">
        <button
          type="button"
          className={`icon-button pin-button ${entry.pinned ? 'on' : ''}`}
          aria-pressed={entry.pinned}
          aria-label={entry.pinned ? 'Unpin entry' : 'Pin entry'}
          title={entry.pinned ? 'Unpin (P)' : 'Pin (P)'}
          onClick={() => pin.mutate({ eventId: entry.eventId, pinned: !entry.pinned })}
          disabled={pin.isPending}
        >
          {entry.pinned ? '★' : '☆'}
        </button>
        {correctable && !editing && (
          <button type="button" className="icon-button" aria-label="Correct entry" title="Correct (E)" onClick={() => onEdit(entry.eventId)}>
            ✎
          </button>
        )}
      </div>
    </article>
  );
});
