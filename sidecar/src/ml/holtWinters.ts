import { bestOfGrid, type Model } from './model.ts';

interface HwParams {
  alpha: number;
  gamma: number;
  beta: number;
  phi: number;
}

const GRID: HwParams[] = [];
for (const alpha of [0.02, 0.1, 0.3, 0.7]) {
  for (const gamma of [0.02, 0.1, 0.3]) {
    GRID.push({ alpha, gamma, beta: 0, phi: 1 });
    GRID.push({ alpha, gamma, beta: 0.01, phi: 0.98 });
    GRID.push({ alpha, gamma, beta: 0.01, phi: 1 });
  }
}

/**
 * Additive Holt-Winters (exponential smoothing of level, optional damped trend, and a seasonal profile):
 * the seasonal-decomposition candidate. Initialised from the first two seasons, so it needs origins ≥ 2p−1.
 */
export function holtWinters(period: number): Model {
  return {
    name: 'holt-winters',
    period,
    minOrigin: 2 * period - 1,
    run(y, origins, h, hb, out) {
      const season = new Float64Array(period);
      bestOfGrid(GRID, out, (p, o) => runHw(y, origins, h, hb, o, p, period, season));
    },
  };
}

/** One pass; `out` and the returned error sum work as in runDamped. */
function runHw(
  y: Float64Array,
  origins: Int32Array,
  h: number,
  hb: number,
  out: Float64Array | null,
  prm: HwParams,
  p: number,
  s: Float64Array, // s[i] = latest seasonal component of phase i (time index mod p)
): number {
  const { alpha, gamma, beta, phi } = prm;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < p; i++) {
    m1 += y[i];
    m2 += y[p + i];
  }
  m1 /= p;
  m2 /= p;
  for (let i = 0; i < p; i++) {s[i] = (y[i] - m1 + y[p + i] - m2) / 2;}
  let b = beta > 0 ? (m2 - m1) / p : 0;
  let l = m2 + (b * (p - 1)) / 2; // level at the end of the second season
  let oi = 0;
  let err = 0;
  const start = 2 * p - 1;
  while (oi < origins.length && origins[oi] < start) {oi++;}
  const last = origins[origins.length - 1];
  for (let t = start; t <= last; t++) {
    if (t > start) {
      const ph = t % p;
      const lPrev = l;
      l = alpha * (y[t] - s[ph]) + (1 - alpha) * (l + phi * b);
      if (beta > 0) {b = beta * (l - lPrev) + (1 - beta) * phi * b;}
      s[ph] = gamma * (y[t] - l) + (1 - gamma) * s[ph];
    }
    while (oi < origins.length && origins[oi] === t) {
      let damp = 0;
      let pw = 1;
      let ph = (t + 1) % p;
      if (out) {
        const row = oi * h;
        for (let j = 0; j < h; j++) {
          pw *= phi;
          damp += pw;
          out[row + j] = l + damp * b + s[ph];
          if (++ph === p) {ph = 0;}
        }
      } else if (oi < origins.length - 1) {
        for (let j = 0; j < hb; j++) {
          pw *= phi;
          damp += pw;
          err += Math.abs(y[t + 1 + j] - l - damp * b - s[ph]);
          if (++ph === p) {ph = 0;}
        }
      }
      oi++;
    }
  }
  return err;
}
