// Quantiles of the last `capacity` values pushed, kept in a sorted copy of a ring buffer: O(capacity) per push
// (one binary search and one block move), O(1) per quantile.

export class SlidingQuantile {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private size = 0;
  private head = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`SlidingQuantile: capacity must be a whole number ≥ 1, got ${capacity}`);
    }
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get count(): number {
    return this.size;
  }

  /** Adds a finite value, dropping the oldest once full. Non-finite values are ignored. */
  push(value: number): void {
    if (!Number.isFinite(value)) {
      return;
    }
    const capacity = this.ring.length;
    if (this.size === capacity) {
      const oldest = this.ring[this.head];
      const at = this.lowerBound(oldest);
      this.sorted.copyWithin(at, at + 1, this.size);
      this.size -= 1;
    }
    this.ring[this.head] = value;
    this.head = (this.head + 1) % capacity;
    const at = this.lowerBound(value);
    this.sorted.copyWithin(at + 1, at, this.size);
    this.sorted[at] = value;
    this.size += 1;
  }

  /** The q-quantile (0..1) with linear interpolation; NaN when empty. */
  quantile(q: number): number {
    if (this.size === 0) {
      return NaN;
    }
    const position = Math.min(1, Math.max(0, q)) * (this.size - 1);
    const below = Math.floor(position);
    const above = Math.min(this.size - 1, below + 1);
    return this.sorted[below] + (this.sorted[above] - this.sorted[below]) * (position - below);
  }

  clear(): void {
    this.size = 0;
    this.head = 0;
  }

  private lowerBound(value: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.sorted[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
