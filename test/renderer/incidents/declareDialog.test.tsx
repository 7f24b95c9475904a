// @vitest-environment node
// The declare dialog against a real core: validation issues, storage failures and the declared
// incident all come from the backend itself.
import '../nodeDom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SEVERITIES, SEVERITY_CRITERIA, SEVERITY_TIE_BREAK } from '../../../shared/domain/incidents';
import { DeclareDialog } from '../../../renderer/src/features/incidents';
import { useRealCores } from '../realApi';

const real = useRealCores();

describe('DeclareDialog', () => {
  it('shows the criteria of every severity and the "unsure → higher" rule', async () => {
    real.render(<DeclareDialog onClose={() => undefined} onDeclared={() => undefined} />, await real.core());
    const dialog = screen.getByRole('dialog', { name: 'Declare incident' });
    for (const s of SEVERITIES) {
      expect(within(dialog).getByRole('radio', { name: new RegExp(`^${s}`) })).toBeTruthy();
      expect(dialog.textContent).toContain(SEVERITY_CRITERIA[s].criteria);
    }
    expect(dialog.textContent).toContain(SEVERITY_TIE_BREAK);
  });

  it("shows the backend's validation issues next to the fields they name", async () => {
    const core = await real.core();
    const onDeclared = vi.fn();
    const { api } = real.render(<DeclareDialog onClose={() => undefined} onDeclared={onDeclared} />, core);
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
    // The issues were the backend's answer to a real call, and nothing was written.
    expect(api.calls.filter((c) => c.name === 'incidents:declare')).toHaveLength(1);
    expect(await core.invoke('incidents:list', {})).toHaveLength(0);
  });

  it('clears a field\'s error as soon as that field is changed, keeping the others until they are', async () => {
    real.render(<DeclareDialog onClose={() => undefined} onDeclared={() => undefined} />, await real.core());
    fireEvent.click(screen.getByRole('button', { name: 'Declare incident' }));
    const title = screen.getByRole('textbox', { name: 'Title' });
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/^Severity must be one of/)).toBeTruthy();
    fireEvent.change(title, { target: { value: 'DB down' } });
    expect(title.getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByText('Title must not be empty.')).toBeNull();
    // The severity was not touched: its message stays.
    expect(screen.getByText(/^Severity must be one of/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: /^SEV-2/ }));
    expect(screen.queryByText(/^Severity must be one of/)).toBeNull();
    // Put back as it was when refused, the field shows the refusal again.
    fireEvent.change(title, { target: { value: '' } });
    expect(title.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows an error the form cannot pin to a field as a general message', async () => {
    const { core, disk } = await real.coreOnSmallDisk();
    real.render(<DeclareDialog onClose={() => undefined} onDeclared={() => undefined} />, core);
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: 'DB down' } });
    fireEvent.click(screen.getByRole('radio', { name: /^SEV-1/ }));
    disk.fill();
    fireEvent.click(screen.getByRole('button', { name: 'Declare incident' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Storage error SQLITE_FULL (database or disk is full) while running "COMMIT …". The disk is full: free space, then retry. Nothing was saved.',
    );
    disk.free();
    expect(await core.invoke('incidents:list', {})).toHaveLength(0);
  });

  it('declares with title, severity, summary and exercise mode', async () => {
    const core = await real.core();
    const onDeclared = vi.fn();
    const { api } = real.render(<DeclareDialog onClose={() => undefined} onDeclared={onDeclared} />, core);
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: '  Payments   failing ' } });
    fireEvent.click(screen.getByRole('radio', { name: /^SEV-2/ }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Summary (optional)' }), { target: { value: 'EU cards' } });
    fireEvent.click(screen.getByRole('radio', { name: /Exercise/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Declare incident' }));
    await waitFor(() => expect(onDeclared).toHaveBeenCalledTimes(1));
    expect(api.calls.find((c) => c.name === 'incidents:declare')?.input).toEqual({ title: '  Payments   failing ', severity: 'SEV-2', summary: 'EU cards', mode: 'exercise' });
    expect(onDeclared.mock.calls[0]![0].incident).toMatchObject({ title: 'Payments failing', severity: 'SEV-2', mode: 'exercise' });
    // What the dialog reports is what was stored.
    expect(await core.invoke('incidents:get', { id: onDeclared.mock.calls[0]![0].incident.id })).toMatchObject({ title: 'Payments failing', severity: 'SEV-2', summary: 'EU cards', mode: 'exercise' });
  });

  it('makes the declarer Incident Commander by default, joining the roster if needed', async () => {
    const core = await real.core();
    const onDeclared = vi.fn();
    real.render(<DeclareDialog onClose={() => undefined} onDeclared={onDeclared} />, core);
    const choice = screen.getByRole('checkbox', { name: /I am the Incident Commander/ }) as HTMLInputElement;
    expect(choice.checked).toBe(true);
    await waitFor(() => expect(choice.closest('label')!.textContent).toContain('Test Commander (@tester)'));
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: 'DB down' } });
    fireEvent.click(screen.getByRole('radio', { name: /^SEV-1/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Declare incident' }));
    await waitFor(() => expect(onDeclared).toHaveBeenCalledTimes(1));
    const { incident, command } = onDeclared.mock.calls[0]![0];
    expect(await command).toEqual({ commander: true });
    const board = await core.invoke('roles:list', { incidentId: incident.id });
    expect(board.holders.map((h) => [h.role, h.person])).toEqual([['incident_commander', 'tester']]);
    expect((await core.invoke('roster:list', {})).find((p) => p.handle === 'tester')).toMatchObject({ name: 'Test Commander' });
  });

  it('leaves command open when the declarer unticks it, and keeps a roster entry as it was', async () => {
    const core = await real.core();
    await core.invoke('roster:upsert', { handle: 'tester', name: 'Tess Ter', team: 'SRE', contacts: [{ channel: 'slack', value: '@tess' }] });
    const onDeclared = vi.fn();
    real.render(<DeclareDialog onClose={() => undefined} onDeclared={onDeclared} />, core);
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: 'Queue backlog' } });
    fireEvent.click(screen.getByRole('radio', { name: /^SEV-3/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /I am the Incident Commander/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Declare incident' }));
    await waitFor(() => expect(onDeclared).toHaveBeenCalledTimes(1));
    expect(await onDeclared.mock.calls[0]![0].command).toEqual({ commander: false });
    expect((await core.invoke('roles:list', { incidentId: onDeclared.mock.calls[0]![0].incident.id })).holders).toEqual([]);

    // Ticked, an existing roster entry is used as it is (its team and contacts stay).
    onDeclared.mockClear();
    cleanup();
    real.render(<DeclareDialog onClose={() => undefined} onDeclared={onDeclared} />, core);
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: 'Cache misses' } });
    fireEvent.click(screen.getByRole('radio', { name: /^SEV-3/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Declare incident' }));
    await waitFor(() => expect(onDeclared).toHaveBeenCalledTimes(1));
    expect(await onDeclared.mock.calls[0]![0].command).toEqual({ commander: true });
    expect((await core.invoke('roles:list', { incidentId: onDeclared.mock.calls[0]![0].incident.id })).holders[0]).toMatchObject({ person: 'tester' });
    expect((await core.invoke('roster:list', {})).find((p) => p.handle === 'tester')).toMatchObject({ name: 'Tess Ter', team: 'SRE', contacts: [{ channel: 'slack', value: '@tess' }] });
  });
});
