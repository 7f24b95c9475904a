// happy-dom does no layout: every size is 0. Give the virtualized lists' scroll viewports (the
// timeline's, ui/VirtualRows') and their rows real sizes so the virtualizer behaves as in a browser
// (a 760 px viewport, 60 px rows).
import { afterAll, beforeAll } from 'vitest';

export function useFakeLayout(viewport = { width: 900, height: 760 }, rowHeight = 60): void {
  const saved: Array<[object, string, PropertyDescriptor | undefined]> = [];
  beforeAll(() => {
    const define = (proto: object, key: string, get: (this: HTMLElement) => number) => {
      saved.push([proto, key, Object.getOwnPropertyDescriptor(proto, key)]);
      Object.defineProperty(proto, key, { configurable: true, get });
    };
    const isViewport = (el: HTMLElement) => !!el.classList && (el.classList.contains('tl-scroll') || el.classList.contains('virtual-rows'));
    define(HTMLElement.prototype, 'clientHeight', function () {
      return isViewport(this) ? viewport.height : 0;
    });
    define(HTMLElement.prototype, 'clientWidth', function () {
      return isViewport(this) ? viewport.width : 0;
    });
    // happy-dom's ResizeObserver reports 0-sized boxes; with a silent one the virtualizer measures
    // rows through getBoundingClientRect, stubbed below.
    class SilentResizeObserver {
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    saved.push([window, 'ResizeObserver', Object.getOwnPropertyDescriptor(window, 'ResizeObserver')]);
    Object.defineProperty(window, 'ResizeObserver', { configurable: true, writable: true, value: SilentResizeObserver });
    const original = Element.prototype.getBoundingClientRect;
    saved.push([Element.prototype, 'getBoundingClientRect', Object.getOwnPropertyDescriptor(Element.prototype, 'getBoundingClientRect')]);
    Element.prototype.getBoundingClientRect = function (this: Element) {
      if (this.hasAttribute('data-index')) return { x: 0, y: 0, top: 0, left: 0, bottom: rowHeight, right: viewport.width, width: viewport.width, height: rowHeight, toJSON: () => ({}) } as DOMRect;
      return original.call(this);
    };
  });
  afterAll(() => {
    for (const [proto, key, desc] of saved.reverse()) {
      if (desc) Object.defineProperty(proto, key, desc);
      else delete (proto as Record<string, unknown>)[key];
    }
  });
}
