// A long list of equal-height rows that keeps only the rows in view (and a few around) in the DOM,
// so a 500-person roster costs what 20 do. ↑/↓ move the focus between rows, scrolling as needed.
import { useVirtualizer } from '@tanstack/react-virtual';
import type { KeyboardEvent, ReactNode } from 'react';
import { useRef } from 'react';

export interface VirtualRowsProps {
  count: number;
  /** Height of every row in px (rows must not grow beyond it). */
  rowHeight: number;
  rowKey(index: number): string;
  renderRow(index: number): ReactNode;
  /** Accessible name of the list. */
  label: string;
  className?: string;
}

const FOCUSABLE = 'button:not([disabled]),input:not([disabled]),[tabindex]:not([tabindex="-1"])';

export function VirtualRows({ count, rowHeight, rowKey, renderRow, label, className }: VirtualRowsProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is our virtualizer; this component opts out of compiler memoization
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 6 });

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const row = (e.target as HTMLElement).closest<HTMLElement>('li[data-index]');
    if (!row) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(count - 1, Number(row.dataset.index) + (e.key === 'ArrowDown' ? 1 : -1)));
    virtualizer.scrollToIndex(next, { align: 'auto' });
    // The row may only exist after the scroll has rendered it.
    const focusRow = (tries: number) => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`li[data-index="${next}"]`)?.querySelector<HTMLElement>(FOCUSABLE);
      if (el) el.focus();
      else if (tries > 0) requestAnimationFrame(() => focusRow(tries - 1));
    };
    focusRow(3);
  }

  return (
    <div ref={scrollRef} className={`virtual-rows ${className ?? ''}`}>
      <ul aria-label={label} className="virtual-rows-list" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
        {virtualizer.getVirtualItems().map((item) => (
          <li key={rowKey(item.index)} data-index={item.index} className="virtual-row" style={{ height: item.size, transform: `translateY(${item.start}px)` }}>
            {renderRow(item.index)}
          </li>
        ))}
      </ul>
    </div>
  );
}
