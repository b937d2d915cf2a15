// A level shift at one time scale: the median of the last `span` values minus the median of the `span` values
// before them. Several spans together find shifts of any duration (a short, large jump or a long, small one)
// without knowing when the shift began; medians keep bursts (a busy disk, a request spike) from looking like a
// new level. NaN until 2 × span values have been seen.
import { SlidingQuantile } from './sliding-quantile.ts';

export class WindowShift {
  readonly span: number;
  private readonly recent: SlidingQuantile;
  private readonly older: SlidingQuantile;
  /** The last span values in order, to know which one moves from the recent half to the older one. */
  private readonly ring: Float64Array;
  private count = 0;
  private head = 0;

  constructor(span: number) {
    this.span = Math.max(1, span);
    this.recent = new SlidingQuantile(this.span);
    this.older = new SlidingQuantile(this.span);
    this.ring = new Float64Array(this.span);
  }

  push(value: number): void {
    if (this.count >= this.span) {
      this.older.push(this.ring[this.head]);
    }
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.span;
    this.recent.push(value);
    this.count += 1;
  }

  /** Recent median minus older median; NaN until both halves are full. */
  difference(): number {
    return this.older.count < this.span ? NaN : this.recent.quantile(0.5) - this.older.quantile(0.5);
  }

  clear(): void {
    this.recent.clear();
    this.older.clear();
    this.count = 0;
    this.head = 0;
  }
}
