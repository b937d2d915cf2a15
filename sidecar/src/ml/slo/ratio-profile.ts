// The error ratio's daily profile: errors that follow the traffic peak (overload) make the ratio itself seasonal.
// Used only where the data show it, so a flat ratio is not given a profile made of noise.
import type { Buckets } from './regime.ts';

/** χ² quantile by the Wilson–Hilferty approximation (z = the normal quantile). */
function chiSquareQuantile(df: number, z: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

const Z_999 = 3.09;

/**
 * Factors by phase (bucket index mod period) over the last `days` periods: per bucket, errors ÷ the errors expected
 * at the level of its segment (`level(i)`: the regimes found by change-point tests), so a change of level inside
 * those days does not read as a profile; per phase the median over the days, so an incident does not either. Normalised to
 * a traffic-weighted mean of 1. Null when fewer than 3 periods are available or when the factors do not differ
 * from 1 beyond the noise (χ² test at 0.999; the median's variance is π/2 × the mean's, with burstiness κ).
 */
export function dailyRatioProfile(
  b: Buckets,
  period: number,
  kappa: number,
  level: (i: number) => number,
  days = 3
): number[] | null {
  const n = b.total.length;
  const L = Math.min(n, days * period);
  if (period < 2 || L < 3 * period) {
    return null;
  }
  const ok = (i: number): boolean => Number.isFinite(b.total[i]) && Number.isFinite(b.errors[i]) && b.total[i] > 0;
  const factors: number[][] = Array.from({ length: period }, () => []);
  const relVar = new Float64Array(period);
  const traffic = new Float64Array(period);
  for (let i = n - L; i < n; i++) {
    const mu = ok(i) ? level(i) * b.total[i] : 0;
    if (!(mu > 0)) {
      continue;
    }
    const h = i % period;
    factors[h].push(b.errors[i] / mu);
    relVar[h] += (mu + kappa * mu * mu) / (mu * mu);
    traffic[h] += b.total[i];
  }
  const median = (v: number[]): number => {
    const s = v.slice().sort((x, y) => x - y);
    const k = s.length >> 1;
    return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
  };
  const raw = factors.map((f) => (f.length > 0 ? median(f) : 1));
  let chi2 = 0;
  let df = 0;
  for (let h = 0; h < period; h++) {
    const k = factors[h].length;
    if (k >= 3) {
      chi2 += (raw[h] - 1) ** 2 / (((Math.PI / 2) * relVar[h]) / k / k);
      df++;
    }
  }
  if (df < 2 || chi2 <= chiSquareQuantile(df, Z_999)) {
    return null;
  }
  let wf = 0;
  let w = 0;
  for (let h = 0; h < period; h++) {
    wf += traffic[h] * raw[h];
    w += traffic[h];
  }
  const mean = w > 0 && wf > 0 ? wf / w : 1;
  return raw.map((f) => (wf > 0 ? f / mean : 1));
}
