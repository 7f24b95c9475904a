import { useRef, useState, type FormEvent } from 'react';
import type { Profile } from '../../../../shared/domain/profile';
import { useCommand } from '../../lib/queries';
import { Field, FormError, useFocusFirstInvalid } from '../../ui/Field';
import { useFieldErrors } from '../../ui/errors';
import { Modal } from '../../ui/Modal';

const FIELDS = ['displayName', 'handle'] as const;

/** First start (profile:get → null) and later edits: the name recorded as actor of every event. */
export function ProfileDialog({ profile, onClose, onSaved }: { profile: Profile | null; onClose?: () => void; onSaved?: (p: Profile) => void }) {
  const [displayName, setDisplayName] = useState(profile?.displayName ?? '');
  const [handle, setHandle] = useState(profile?.handle ?? '');
  const save = useCommand('profile:set');
  const errors = useFieldErrors(save.error, FIELDS, { displayName, handle });
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, save.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ displayName, handle }, { onSuccess: (p) => onSaved?.(p) });
  }

  return (
    <Modal
      title={profile ? 'Your profile' : 'Welcome to Command Post'}
      description={profile ? undefined : 'Choose the name recorded as the actor of everything you do. It stays on this machine.'}
      {...(onClose ? { onClose } : {})}
    >
      <form ref={formRef} onSubmit={submit} noValidate>
        <Field label="Display name" error={errors.fields.displayName} hint="As teammates know you, e.g. Ada Lovelace.">
          {(p) => <input {...p} value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="name" data-autofocus maxLength={80} />}
        </Field>
        <Field label="Handle" error={errors.fields.handle} hint="Lower-case letters, digits, dot, dash or underscore, e.g. ada.l">
          {(p) => <input {...p} value={handle} onChange={(e) => setHandle(e.target.value)} autoComplete="username" spellCheck={false} maxLength={32} />}
        </Field>
        <FormError message={errors.general} />
        <div className="modal-actions">
          {onClose && (
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          )}
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : profile ? 'Save profile' : 'Continue'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
