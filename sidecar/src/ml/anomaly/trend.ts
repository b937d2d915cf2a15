// Sustained growth (memory leaks, filling disks) at one time scale: a robust line through the last `span`
// deseasonalised values and how well it explains their rise. The raw values are kept too, so that a change of
// seasonal model re-expresses the window instead of emptying it.
//   slope   Sen's estimator over pairs half the window apart: the median of (y[i+h] - y[i]) / (x[i+h] - x[i]),
//           h = half the window (the Theil–Sen median over the pairs that carry the most information, in O(span));
//           windows longer than MAX_POINTS are thinned to that many evenly spaced values first;
//   line    intercept = median of y - slope × x;
//   spread  robust sigma (MAD × 1.4826) of the values about that line;
//   z       rise over the window (slope × span) in spreads.
// A steady ramp leaves little spread about its line, so z grows with its rise; a one-time step inside the window
// leaves a spread of about a quarter of the step about any line (z stays below ~4), and noise or a wave leave a
// spread like their own size. Values keep their step index, so gaps (missing values) do not bend the time axis.

const MAD_TO_SIGMA = 1.4826;
/** Longer windows are thinned to this many evenly spaced values (a day at 5 minutes: every 6th), for speed. */
const MAX_POINTS = 48;

export interface TrendFit {
  /** Change per step. */
  slope: number;
  /** The line's value at the newest point. */
  last: number;
  /** Rise of the line over the window (slope × (span - 1)). */
  rise: number;
  /** Robust sigma of the values about the line. */
  spread: number;
  /** Step index of the newest point. */
  index: number;
}

/** The last `capacity` finite values with their step indices and levels (deseasonalised values), oldest first. */
export class RecentLevels {
  private readonly xs: Float64Array;
  private readonly raw: Float64Array;
  private readonly ys: Float64Array;
  private size = 0;
  private head = 0;
  private readonly scratch: Float64Array;
  private readonly lx: Float64Array;
  private readonly ly: Float64Array;
  private readonly sx = new Float64Array(MAX_POINTS);
  private readonly sy = new Float64Array(MAX_POINTS);

  constructor(capacity: number) {
    const n = Math.max(3, capacity);
    this.xs = new Float64Array(n);
    this.raw = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.scratch = new Float64Array(n);
    this.lx = new Float64Array(n);
    this.ly = new Float64Array(n);
  }

  get count(): number {
    return this.size;
  }

  /** Adds a value and its level at a step index (indices increasing); non-finite ones are ignored. */
  push(index: number, value: number, level: number): void {
    if (!Number.isFinite(value) || !Number.isFinite(level) || !Number.isFinite(index)) {
      return;
    }
    this.xs[this.head] = index;
    this.raw[this.head] = value;
    this.ys[this.head] = level;
    this.head = (this.head + 1) % this.xs.length;
    this.size = Math.min(this.size + 1, this.xs.length);
  }

  /** Recomputes every level from its value (the seasonal model changed). */
  relevel(level: (index: number, value: number) => number): void {
    for (let k = 0; k < this.size; k++) {
      const at = (this.head - 1 - k + this.xs.length) % this.xs.length;
      this.ys[at] = level(this.xs[at], this.raw[at]);
    }
  }

  clear(): void {
    this.size = 0;
    this.head = 0;
  }

  /**
   * The robust lines through the last `span` levels (at least 3) for each of `spans`; null for a span until that
   * many have been seen.
   */
  fits(spans: readonly number[]): Array<TrendFit | null> {
    const cap = this.xs.length;
    let longest = 0;
    for (const span of spans) {
      longest = Math.max(longest, Math.min(Math.max(3, span), cap, this.size));
    }
    // oldest first, once for the longest span; shorter spans are its tail
    const first = (this.head - longest + cap) % cap;
    const wrap = Math.max(0, first + longest - cap);
    this.lx.set(this.xs.subarray(first, first + longest - wrap));
    this.ly.set(this.ys.subarray(first, first + longest - wrap));
    if (wrap > 0) {
      this.lx.set(this.xs.subarray(0, wrap), longest - wrap);
      this.ly.set(this.ys.subarray(0, wrap), longest - wrap);
    }
    return spans.map((span) => {
      const n = Math.max(3, Math.min(span, cap));
      return n > this.size ? null : this.fitTail(longest - n, n);
    });
  }

  /** The line through lx/ly[from, from + span), from at most MAX_POINTS of them evenly spaced (the newest included). */
  private fitTail(from: number, span: number): TrendFit | null {
    const stride = Math.ceil(span / MAX_POINTS);
    const n = Math.floor((span - 1) / stride) + 1;
    const x = this.sx;
    const y = this.sy;
    for (let j = 0; j < n; j++) {
      const at = from + span - 1 - (n - 1 - j) * stride;
      x[j] = this.lx[at];
      y[j] = this.ly[at];
    }
    const s = this.scratch;
    const h = Math.floor(n / 2);
    let m = 0;
    for (let k = 0; k + h < n; k++) {
      const dx = x[k + h] - x[k];
      if (dx > 0) {
        s[m++] = (y[k + h] - y[k]) / dx;
      }
    }
    if (m === 0) {
      return null;
    }
    const slope = median(s, m);
    const x0 = x[n - 1];
    for (let k = 0; k < n; k++) {
      s[k] = y[k] - slope * (x[k] - x0);
    }
    const last = median(s, n);
    for (let k = 0; k < n; k++) {
      s[k] = Math.abs(y[k] - last - slope * (x[k] - x0));
    }
    const spread = MAD_TO_SIGMA * median(s, n);
    return { slope, last, rise: slope * (x0 - x[0]), spread, index: x0 };
  }
}

/** Steps until a line with this slope, now at `last`, reaches `limit`; null if it is moving away or flat. */
export function stepsToReach(slope: number, last: number, limit: number): number | null {
  const gap = limit - last;
  if (gap === 0) {
    return 0;
  }
  if (!(slope !== 0) || Math.sign(gap) !== Math.sign(slope)) {
    return null;
  }
  return gap / slope;
}

/** Median of the first n values of a (reordered in place). */
function median(a: Float64Array, n: number): number {
  const mid = n >> 1;
  const upper = select(a, n, mid);
  if (n % 2 === 1) {
    return upper;
  }
  // the largest value below the upper middle, now all in a[0..mid)
  let lower = -Infinity;
  for (let k = 0; k < mid; k++) {
    lower = a[k] > lower ? a[k] : lower;
  }
  return (lower + upper) / 2;
}

/** The k-th smallest of the first n values (Hoare's selection, in place). */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) {
        i++;
      }
      while (a[j] > pivot) {
        j--;
      }
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) {
      hi = j;
    } else if (k >= i) {
      lo = i;
    } else {
      return a[k];
    }
  }
  return a[k];
}
