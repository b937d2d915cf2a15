import { bestOfGrid, type Model } from './model.ts';

export interface DampedParams {
  alpha: number;
  beta: number;
  phi: number;
}

// Small fixed grid instead of numeric optimisation: a few dozen cheap passes, chosen by horizon-length backtest
// error, are both faster and more robust on spiky ops data than maximising one-step likelihood.
// beta = 0 is simple exponential smoothing (flat forecast), included because noisy series usually want it;
// phi = 1 is Holt's undamped linear trend, which a steady ramp (disk filling up) needs.
const GRID: DampedParams[] = [];
for (const alpha of [0.02, 0.1, 0.3, 0.7]) {
  for (const beta of [0, 0.02, 0.1]) {
    for (const phi of beta === 0 ? [1] : [0.9, 0.98, 1]) {GRID.push({ alpha, beta, phi });}
  }
}

/** Holt's linear method with a damped trend (Gardner & McKenzie). */
export const dampedTrend: Model = {
  name: 'damped-trend',
  period: 0,
  minOrigin: 1,
  run(y, origins, h, hb, out) {
    bestOfGrid(GRID, out, (p, o) => runDamped(y, origins, h, hb, o, p));
  },
};

/**
 * One pass of the smoother. With `out`, writes the h-step paths of every origin; without, only sums the absolute
 * backtest errors over the first hb steps of the backtest origins (all but the last). Returns that sum (0 with out).
 */
export function runDamped(
  y: Float64Array,
  origins: Int32Array,
  h: number,
  hb: number,
  out: Float64Array | null,
  p: DampedParams,
): number {
  const { alpha, beta, phi } = p;
  let l = y[0];
  let b = 0;
  let oi = 0;
  let err = 0;
  while (oi < origins.length && origins[oi] < 1) {oi++;} // origins before the model can run are left at 0
  const last = origins[origins.length - 1];
  for (let t = 1; t <= last; t++) {
    const lPrev = l;
    l = alpha * y[t] + (1 - alpha) * (l + phi * b);
    b = beta * (l - lPrev) + (1 - beta) * phi * b;
    while (oi < origins.length && origins[oi] === t) {
      let damp = 0;
      let pw = 1;
      if (out) {
        const row = oi * h;
        for (let j = 0; j < h; j++) {
          pw *= phi;
          damp += pw;
          out[row + j] = l + damp * b;
        }
      } else if (oi < origins.length - 1) {
        for (let j = 0; j < hb; j++) {
          pw *= phi;
          damp += pw;
          err += Math.abs(y[t + 1 + j] - l - damp * b);
        }
      }
      oi++;
    }
  }
  return err;
}
