// Slow drifts (memory leaks, filling disks): a least-squares line through the last `window` deseasonalised values.
// A drift is a rise (or fall) over the window that the line explains well (high R²); with a limit, the line also
// says when the series will reach it.

export interface LineFit {
  /** Change per step. */
  slope: number;
  /** Fitted value at the newest point. */
  last: number;
  /** Share of the variance the line explains (0..1). */
  r2: number;
}

export class DriftWindow {
  private readonly values: Float64Array;
  private size = 0;
  private head = 0;

  constructor(window: number) {
    this.values = new Float64Array(Math.max(3, window));
  }

  get full(): boolean {
    return this.size === this.values.length;
  }

  push(value: number): void {
    this.values[this.head] = value;
    this.head = (this.head + 1) % this.values.length;
    this.size = Math.min(this.size + 1, this.values.length);
  }

  clear(): void {
    this.size = 0;
    this.head = 0;
  }

  /** The line through the window's values (oldest at x = 0), or null until the window is full. */
  fit(): LineFit | null {
    if (!this.full) {
      return null;
    }
    const n = this.size;
    const first = this.values[this.head];
    let sy = 0;
    let sxy = 0;
    for (let k = 0; k < n; k++) {
      const y = this.values[(this.head + k) % n] - first;
      sy += y;
      sxy += k * y;
    }
    const mx = (n - 1) / 2;
    const my = sy / n;
    const sxx = (n * (n * n - 1)) / 12;
    const slope = (sxy - n * mx * my) / sxx;
    let ssr = 0;
    let sst = 0;
    for (let k = 0; k < n; k++) {
      const y = this.values[(this.head + k) % n] - first;
      const fitted = my + slope * (k - mx);
      ssr += (y - fitted) ** 2;
      sst += (y - my) ** 2;
    }
    return { slope, last: first + my + slope * (n - 1 - mx), r2: sst > 0 ? 1 - ssr / sst : 0 };
  }
}

/** Steps until a line with this slope, now at `last`, reaches `limit`; null if it is moving away or flat. */
export function stepsToLimit(fit: LineFit, limit: number): number | null {
  const gap = limit - fit.last;
  if (gap === 0) {
    return 0;
  }
  if (fit.slope === 0 || Math.sign(gap) !== Math.sign(fit.slope)) {
    return null;
  }
  return gap / fit.slope;
}
