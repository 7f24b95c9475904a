// @vitest-environment node
// The roster dialog on a real core: a refusal stays next to what was refused until that is changed.
import '../nodeDom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RosterDialog } from '../../../renderer/src/features/roles/RosterDialog';
import { useRealCores } from '../realApi';

const real = useRealCores();

describe('roster dialog errors', () => {
  it('a field error goes when the field is fixed; an import error when the content changes', async () => {
    const core = await real.core();
    real.render(<RosterDialog people={[]} onClose={() => undefined} />, core);
    const dialog = screen.getByRole('dialog', { name: 'People roster' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'Kim Lee' } });
    const handle = within(dialog).getByRole('textbox', { name: 'Handle' });
    fireEvent.change(handle, { target: { value: 'Kim!' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(handle.getAttribute('aria-invalid')).toBe('true'));
    fireEvent.change(handle, { target: { value: 'kim' } });
    expect(handle.getAttribute('aria-invalid')).toBe('false');
    expect(within(dialog).queryByText(/^Handle must/)).toBeNull();

    fireEvent.click(within(dialog).getByRole('tab', { name: 'Import CSV / JSON' }));
    const content = within(dialog).getByRole('textbox');
    fireEvent.change(content, { target: { value: 'name,handle,team\nBad Person,BAD!,SRE' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toMatch(/line 2/i);
    fireEvent.change(content, { target: { value: 'name,handle,team\nBad Person,bad,SRE' } });
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(await core.invoke('roster:list', {})).toEqual([]);
  });
});
