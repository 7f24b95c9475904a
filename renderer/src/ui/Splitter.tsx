import type { KeyboardEvent, PointerEvent } from 'react';

export interface SplitterProps {
  label: string;
  value: number;
  min: number;
  max: number;
  /** Called once when a drag starts; returns the handler for the horizontal distance dragged. */
  onDragStart(): ((dx: number) => void) | null;
  /** ←/→ (Shift for a bigger step): -1 or +1. */
  onStep(direction: -1 | 1, big: boolean): void;
}

/** A vertical divider that can be dragged with a pointer or moved with the arrow keys. */
export function Splitter({ label, value, min, max, onDragStart, onStep }: SplitterProps) {
  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    const drag = onDragStart();
    if (!drag) return;
    e.preventDefault();
    const startX = e.clientX;
    const move = (ev: globalThis.PointerEvent) => drag(ev.clientX - startX);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    onStep(e.key === 'ArrowLeft' ? -1 : 1, e.shiftKey);
  }
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
