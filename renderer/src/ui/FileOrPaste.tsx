import { Field } from './Field';

/** A text import: pick a file (its text fills the box) or paste the content. */
export function FileOrPaste({
  accept,
  content,
  onContent,
  onFileName,
  rows,
  placeholder,
  mono = false,
}: {
  accept: string;
  content: string;
  onContent: (text: string) => void;
  /** Told the picked file's name, e.g. to switch the format from its extension. */
  onFileName?: (name: string) => void;
  rows: number;
  placeholder?: string;
  mono?: boolean;
}) {
  return (
    <>
      <Field label="File">
        {(p) => (
          <input
            {...p}
            type="file"
            accept={accept}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              onFileName?.(f.name);
              void f.text().then(onContent);
            }}
          />
        )}
      </Field>
      <Field label="Or paste the content">
        {(p) => (
          <textarea
            {...p}
            rows={rows}
            value={content}
            onChange={(e) => onContent(e.target.value)}
            {...(placeholder ? { placeholder } : {})}
            {...(mono ? { spellCheck: false, className: 'mono' } : {})}
          />
        )}
      </Field>
    </>
  );
}
