import { describe, expect, it } from 'vitest';
import { formatShortcut, isTypingTarget, matchesShortcut, needsModifier } from '../../../renderer/src/lib/shortcuts';

const ev = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);

describe('shortcuts', () => {
  it('matches Mod (Ctrl off macOS), Shift and Alt with physical keys', () => {
    expect(matchesShortcut(ev({ key: 'k', code: 'KeyK', ctrlKey: true }), 'Mod+K')).toBe(true);
    expect(matchesShortcut(ev({ key: 'k', code: 'KeyK' }), 'Mod+K')).toBe(false);
    expect(matchesShortcut(ev({ key: 'D', code: 'KeyD', ctrlKey: true, shiftKey: true }), 'Mod+Shift+D')).toBe(true);
    expect(matchesShortcut(ev({ key: 'd', code: 'KeyD', ctrlKey: true }), 'Mod+Shift+D')).toBe(false);
    // Alt changes the produced character on some layouts; the digit is read from the physical key.
    expect(matchesShortcut(ev({ key: '¡', code: 'Digit1', altKey: true }), 'Alt+1')).toBe(true);
    expect(matchesShortcut(ev({ key: 'n', code: 'KeyN' }), 'N')).toBe(true);
    expect(matchesShortcut(ev({ key: 'n', code: 'KeyN', ctrlKey: true }), 'N')).toBe(false);
    expect(matchesShortcut(ev({ key: '?', code: 'Slash', shiftKey: true }), '?')).toBe(true);
  });

  it('plain-key shortcuts never fire while typing', () => {
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    expect(isTypingTarget(input)).toBe(true);
    expect(isTypingTarget(textarea)).toBe(true);
    expect(isTypingTarget(checkbox)).toBe(false);
    expect(isTypingTarget(document.body)).toBe(false);
    expect(needsModifier('N')).toBe(false);
    expect(needsModifier('Mod+K')).toBe(true);
  });

  it('formats shortcuts for people', () => {
    expect(formatShortcut('Mod+Shift+D')).toBe('Ctrl+Shift+D');
    expect(formatShortcut('Alt+1')).toBe('Alt+1');
  });
});
