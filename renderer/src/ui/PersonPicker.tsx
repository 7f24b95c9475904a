// Choose a person from the roster by typing part of a name, handle or team: a combobox over the
// roster entries. Someone not on the roster is an explicit last option ("not on the roster: …"),
// never what a half-typed name silently becomes.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';

export interface PickablePerson {
  handle: string;
  name: string;
  team?: string;
}

interface Option {
  key: string;
  value: string;
  label: string;
  meta?: string;
}

const MAX_SHOWN = 50;

/** How a stored owner reads: the roster name and handle, or the free text marked as such. */
export function describeOwner(value: string, people: readonly PickablePerson[]): string {
  if (!value) return '';
  const p = people.find((x) => x.handle === value);
  return p ? `${p.name} (@${p.handle})` : `${value} (not on the roster)`;
}

export function PersonPicker({
  label,
  people,
  value,
  onChange,
  placeholder = 'Owner',
  className,
  id: inputId,
}: {
  label: string;
  /** For a visible <label htmlFor>. */
  id?: string;
  people: readonly PickablePerson[];
  /** A roster handle, free text for someone not on the roster, or '' for nobody. */
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  className?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const shown = query ?? describeOwner(value, people);

  const options = useMemo<Option[]>(() => {
    const q = (query ?? '').trim().toLowerCase();
    const matches = people.filter((p) => !q || p.name.toLowerCase().includes(q) || p.handle.toLowerCase().includes(q.replace(/^@/, '')) || (p.team ?? '').toLowerCase().includes(q));
    const out: Option[] = matches.slice(0, MAX_SHOWN).map((p) => ({ key: `p:${p.handle}`, value: p.handle, label: p.name, meta: `@${p.handle}${p.team ? ` · ${p.team}` : ''}` }));
    const typed = (query ?? '').trim();
    if (typed && !people.some((p) => p.handle === typed.replace(/^@/, '').toLowerCase())) out.push({ key: 'other', value: typed, label: `Someone not on the roster: “${typed}”` });
    if (value) out.push({ key: 'none', value: '', label: 'No owner' });
    return out;
  }, [people, query, value]);

  function choose(o: Option) {
    onChange(o.value);
    setQuery(null);
    setOpen(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return setOpen(true);
      const n = options.length;
      if (n) setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % n : (i - 1 + n) % n));
    } else if (e.key === 'Enter' && open && options[active]) {
      // Enter picks the highlighted person; it does not submit the form behind the list.
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === 'Escape' && open) {
      // Closes the list only, not the dialog around it.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setQuery(null);
    }
  }

  const activeOption = open ? options[active] : undefined;
  return (
    <span className={`person-picker ${className ?? ''}`}>
      <input
        ref={inputRef}
        id={inputId}
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${id}-${activeOption.key}` : undefined}
        value={shown}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setQuery(null);
        }}
        onKeyDown={onKeyDown}
      />
      {open && options.length > 0 && (
        <ul className="person-picker-list" role="listbox" id={listId} aria-label={`${label}: roster`}>
          {options.map((o, i) => (
            <li
              key={o.key}
              id={`${id}-${o.key}`}
              role="option"
              aria-selected={i === active}
              className={`${i === active ? 'is-active' : ''} ${o.key === 'other' || o.key === 'none' ? 'is-extra' : ''}`}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
            >
              <span>{o.label}</span>
              {o.meta && <span className="muted small-text"> {o.meta}</span>}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
