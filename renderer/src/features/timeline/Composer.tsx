import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { USER_ENTRY_KINDS, type UserEntryKind } from '../../../../shared/domain/timeline';
import { useFocusRequest } from '../../lib/focus';
import { useCommand } from '../../lib/queries';
import { errorMessage } from '../../ui/errors';
import { KIND_META } from './kinds';
import { timelineUiActions, useComposerKind } from './uiStore';

const KIND_KEYS: Record<string, UserEntryKind> = { KeyN: 'note', KeyD: 'decision', KeyA: 'action' };

/** Add a note, decision or action without touching the mouse. */
export function Composer({ incidentId, onLeave }: { incidentId: string; onLeave?: () => void }) {
  const kind = useComposerKind();
  const setKind = timelineUiActions.setComposerKind;
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const append = useCommand('timeline:append');
  useFocusRequest('composer', ref);

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!text.trim()) {
      // Let the backend name the problem (blank text), without clearing anything.
      append.mutate({ incidentId, kind, text });
      return;
    }
    // Clear at once so the next entry can be typed while this one is saved; if saving fails, the
    // text comes back (unless something new has been typed meanwhile) with the error beside it.
    const submitted = text;
    setText('');
    append.mutate({ incidentId, kind, text: submitted }, { onError: () => setText((cur) => (cur === '' ? submitted : cur)) });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
      return;
    }
    if (e.altKey && !e.ctrlKey && !e.metaKey && KIND_KEYS[e.code]) {
      e.preventDefault();
      e.stopPropagation();
      setKind(KIND_KEYS[e.code]!);
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      ref.current?.blur();
      onLeave?.();
    }
  }

  return (
    <form className={`composer composer-${kind}`} onSubmit={submit} aria-label="Add to timeline">
      <div className="composer-kinds" role="radiogroup" aria-label="Entry kind">
        {USER_ENTRY_KINDS.map((k) => (
          <label key={k} className={`kind-chip kind-${k} ${kind === k ? 'selected' : ''}`}>
            <input type="radio" name={`composer-kind-${incidentId}`} value={k} checked={kind === k} onChange={() => setKind(k)} />
            <span aria-hidden="true">{KIND_META[k].icon}</span> {KIND_META[k].label}
            <kbd className="kind-key">Alt+{k[0]!.toUpperCase()}</kbd>
          </label>
        ))}
      </div>
      <div className="composer-row">
        <label htmlFor={`composer-${incidentId}`} className="sr-only">
          {KIND_META[kind].label} text
        </label>
        <textarea
          id={`composer-${incidentId}`}
          ref={ref}
          className="composer-input"
          rows={2}
          value={text}
          placeholder={`Add a ${KIND_META[kind].label.toLowerCase()}… (press / or N to get here)`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={`composer-help-${incidentId}`}
          aria-invalid={append.isError}
        />
        <button type="submit" className="primary">
          Add {KIND_META[kind].label.toLowerCase()}
        </button>
      </div>
      <div id={`composer-help-${incidentId}`} className="composer-help">
        <kbd>Enter</kbd> add · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · <kbd>Alt</kbd>+<kbd>N</kbd>/<kbd>D</kbd>/<kbd>A</kbd> note/decision/action · <kbd>Esc</kbd> back to the timeline
      </div>
      {append.isError && (
        <div className="field-error" role="alert">
          Not added: {errorMessage(append.error)}
        </div>
      )}
    </form>
  );
}
