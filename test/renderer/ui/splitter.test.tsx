import { fireEvent, render, screen } from '@testing-library/react';
import { cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Splitter } from '../../../renderer/src/ui/Splitter';

afterEach(cleanup);

describe('Splitter', () => {
  it('moves by keyboard (Shift for bigger steps) and by pointer drag', () => {
    const steps: Array<[number, boolean]> = [];
    const drags: number[] = [];
    render(<Splitter label="Resize list" value={300} min={200} max={600} onDragStart={() => (dx) => drags.push(dx)} onStep={(d, big) => steps.push([d, big])} />);
    const sep = screen.getByRole('separator', { name: 'Resize list' });
    expect(sep.getAttribute('aria-valuenow')).toBe('300');
    fireEvent.keyDown(sep, { key: 'ArrowLeft' });
    fireEvent.keyDown(sep, { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(sep, { key: 'ArrowUp' });
    expect(steps).toEqual([
      [-1, false],
      [1, true],
    ]);
    fireEvent.pointerDown(sep, { clientX: 100 });
    window.dispatchEvent(new MouseEvent('pointermove', { clientX: 140 }));
    window.dispatchEvent(new MouseEvent('pointerup', { clientX: 140 }));
    window.dispatchEvent(new MouseEvent('pointermove', { clientX: 300 }));
    expect(drags).toEqual([40]);
  });

  it('ignores a drag the owner cannot measure', () => {
    const drags: number[] = [];
    render(<Splitter label="Panes" value={50} min={10} max={90} onDragStart={() => null} onStep={() => undefined} />);
    fireEvent.pointerDown(screen.getByRole('separator', { name: 'Panes' }), { clientX: 10 });
    window.dispatchEvent(new MouseEvent('pointermove', { clientX: 50 }));
    expect(drags).toEqual([]);
  });
});
