import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEVERITIES, SEVERITY_CRITERIA, SEVERITY_TIE_BREAK } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { DeclareDialog } from '../../renderer/src/features/incidents';
import { createFakeApi } from './fakeApi';
import { renderWithApi } from './render';

afterEach(cleanup);

describe('DeclareDialog', () => {
  it('shows the criteria of every severity and the "unsure → higher" rule', () => {
    renderWithApi(<DeclareDialog onClose={() => undefined} onDeclared={() => undefined} />, createFakeApi());
    const dialog = screen.getByRole('dialog', { name: 'Declare incident' });
    for (const s of SEVERITIES) {
      expect(within(dialog).getByRole('radio', { name: new RegExp(`^${s}`) })).toBeTruthy();
      expect(dialog.textContent).toContain(SEVERITY_CRITERIA[s].criteria);
    }
    expect(dialog.textContent).toContain(SEVERITY_TIE_BREAK);
  });

  it("shows the backend's validation issues next to the fields they name", async () => {
    const fake = createFakeApi();
    const onDeclared = vi.fn();
    renderWithApi(<DeclareDialog onClose={() => undefined} onDeclared={onDeclared} />, fake);
    fireEvent.click(screen.getByRole('button', { name: 'Declare incident' }));

    const title = screen.getByRole('textbox', { name: 'Title' });
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    // Focus moves to the first field to fix.
    await waitFor(() => expect(document.activeElement).toBe(title));
    // The message is linked to the field (aria-describedby) and names the problem.
    const describedBy = title.getAttribute('aria-describedby')!.split(' ');
    const messages = describedBy.map((id) => document.getElementById(id)?.textContent);
    expect(messages).toContain('Title must not be empty.');
    expect(screen.getByText(/^Severity must be one of SEV-1, SEV-2, SEV-3, SEV-4, SEV-5/)).toBeTruthy();
    expect(onDeclared).not.toHaveBeenCalled();
    expect(fake.incidents).toHaveLength(0);
  });

  it('shows an error the form cannot pin to a field as a general message', async () => {
    const fake = createFakeApi();
    fake.override('incidents:declare', () => {
      throw new AppError('storage_error', 'The disk is full; nothing was saved.');
    });
    renderWithApi(<DeclareDialog onClose={() => undefined} onDeclared={() => undefined} />, fake);
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: 'DB down' } });
    fireEvent.click(screen.getByRole('radio', { name: /^SEV-1/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Declare incident' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The disk is full; nothing was saved.');
  });

  it('declares with title, severity, summary and exercise mode', async () => {
    const fake = createFakeApi();
    const onDeclared = vi.fn();
    renderWithApi(<DeclareDialog onClose={() => undefined} onDeclared={onDeclared} />, fake);
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: '  Payments   failing ' } });
    fireEvent.click(screen.getByRole('radio', { name: /^SEV-2/ }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Summary (optional)' }), { target: { value: 'EU cards' } });
    fireEvent.click(screen.getByRole('radio', { name: /Exercise/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Declare incident' }));
    await waitFor(() => expect(onDeclared).toHaveBeenCalledTimes(1));
    expect(fake.calls.find((c) => c.name === 'incidents:declare')?.input).toEqual({ title: '  Payments   failing ', severity: 'SEV-2', summary: 'EU cards', mode: 'exercise' });
    expect(onDeclared.mock.calls[0]![0]).toMatchObject({ title: 'Payments failing', severity: 'SEV-2', mode: 'exercise' });
  });
});
