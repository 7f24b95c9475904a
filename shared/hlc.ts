// Hybrid logical clock (Kulkarni et al.): a timestamp that never goes backwards even when the wall
// clock does, and merges commutatively with remote clocks. Encoded as a fixed-width string so that
// lexical order is causal order.

export interface Hlc {
  wall: number; // milliseconds since the epoch
  counter: number;
  node: string;
}

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 5;
const MAX_COUNTER = 10 ** COUNTER_WIDTH - 1;

export function encodeHlc(h: Hlc): string {
  return `${String(h.wall).padStart(WALL_WIDTH, '0')}-${String(h.counter).padStart(COUNTER_WIDTH, '0')}-${h.node}`;
}

export function decodeHlc(s: string): Hlc {
  const m = /^(\d{15})-(\d{5})-(.+)$/.exec(s);
  if (!m) throw new Error(`Not a hybrid logical clock value: ${s.slice(0, 40)}`);
  return { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

export class HybridClock {
  private last: Hlc;
  constructor(
    private readonly node: string,
    private readonly now: () => number,
    last?: Hlc,
  ) {
    this.last = last ?? { wall: 0, counter: 0, node };
  }

  /** A timestamp for a local event: strictly greater than every timestamp seen so far. */
  tick(): Hlc {
    const physical = this.now();
    if (physical > this.last.wall) {
      this.last = { wall: physical, counter: 0, node: this.node };
    } else {
      this.last = this.bump(this.last.wall, this.last.counter);
    }
    return this.last;
  }

  /** Fold in a timestamp received from elsewhere; the next tick is greater than both. */
  receive(remote: Hlc): Hlc {
    const physical = this.now();
    const wall = Math.max(physical, this.last.wall, remote.wall);
    let counter: number;
    if (wall === this.last.wall && wall === remote.wall) counter = Math.max(this.last.counter, remote.counter) + 1;
    else if (wall === this.last.wall) counter = this.last.counter + 1;
    else if (wall === remote.wall) counter = remote.counter + 1;
    else counter = 0;
    this.last = counter > MAX_COUNTER ? this.bump(wall + 1, -1) : { wall, counter, node: this.node };
    return this.last;
  }

  peek(): Hlc {
    return this.last;
  }

  private bump(wall: number, counter: number): Hlc {
    // The counter overflows only when >100k events share one millisecond: borrow the next one.
    if (counter + 1 > MAX_COUNTER) return { wall: wall + 1, counter: 0, node: this.node };
    return { wall, counter: counter + 1, node: this.node };
  }
}
