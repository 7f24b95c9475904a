import { useEffect, useId, type ReactNode } from 'react';

/** A labelled control with its error underneath, linked by aria-describedby/aria-invalid. */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const errId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={errId} className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** An error the form could not pin to one field. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  );
}

/** After a failed submit, move focus to the first invalid control so the problem is seen and fixed. */
export function useFocusFirstInvalid(formRef: { current: HTMLFormElement | null }, error: unknown): void {
  useEffect(() => {
    if (!error) return;
    const el = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input');
    el?.focus();
  }, [error, formRef]);
}
