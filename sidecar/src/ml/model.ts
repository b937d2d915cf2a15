// Shared shape of the candidate models.
//
// Every model produces, in ONE pass over the series, the h-step forecast from each origin in `origins`
// (an origin t means "data y[0..t] is known"), written row-major into `out` (origins.length × h).
// The last origin is n-1: the real forecast. Earlier ones are the rolling-origin backtest, so one pass gives
// both, and a model never looks past its origin.

export interface Model {
  name: string;
  /** Seasonal period used, 0 for non-seasonal models. */
  period: number;
  /** Smallest origin index the model can forecast from. */
  minOrigin: number;
  /** Writes h-step forecasts per origin into out; parameterised models pick parameters on the first hb steps. */
  run(y: Float64Array, origins: Int32Array, h: number, hb: number, out: Float64Array): void;
}

/**
 * Mean absolute error of `out` (rows of width h) against the actuals over the first `hb` steps of every origin
 * except the last (the real forecast). Backtest origins are placed so that t + hb ≤ n − 1.
 */
export function backtestMae(y: Float64Array, origins: Int32Array, h: number, hb: number, out: Float64Array): number {
  const k = origins.length - 1;
  let s = 0;
  for (let o = 0; o < k; o++) {
    const t = origins[o];
    const row = o * h;
    for (let j = 0; j < hb; j++) {s += Math.abs(y[t + 1 + j] - out[row + j]);}
  }
  return s / (k * hb);
}

/**
 * Picks, from a small fixed grid, the parameters with the lowest backtest error at the forecast horizon (not the
 * one-step error: long-horizon forecasts want smoother parameters), then writes that model's paths into `out`.
 * `run(p, null)` only returns the backtest error sum, which skips writing paths for every grid point.
 */
export function bestOfGrid<P>(grid: readonly P[], out: Float64Array, run: (p: P, out: Float64Array | null) => number): P {
  let best = grid[0];
  let bestErr = Infinity;
  if (grid.length > 1) {
    for (const p of grid) {
      const err = run(p, null);
      if (err < bestErr) {
        bestErr = err;
        best = p;
      }
    }
  }
  run(best, out);
  return best;
}
