// The two baselines the SLO benchmark compares with, as users compute them today.

/**
 * First-order extrapolation (notes/domain.md): now + remaining × period ÷ burn rate, with the burn rate over a
 * short window (1h or 6h). Null when the burn rate is unknown or zero.
 */
export function firstOrder(now: number, remaining: number, periodSeconds: number, burn: number | null): number | null {
  if (burn === null || !(burn > 0)) {
    return null;
  }
  return now + (remaining * periodSeconds) / burn;
}

/**
 * Prometheus `predict_linear` on the budget-remaining series: the least-squares line through the samples of the
 * range vector (here the last N hours of the budget series at its evaluation interval), with the intercept taken at
 * the evaluation time, as in Prometheus' `linearRegression` (promql/functions.go). Returns when that line reaches 0
 * (now when its intercept is already ≤ 0), or null when it never does (slope ≥ 0).
 */
export function predictLinearZero(
  now: number,
  times: readonly number[],
  values: ReadonlyArray<number | null>
): number | null {
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumX2 = 0;
  let first: number | null = null;
  let constY = true;
  for (let i = 0; i < times.length; i++) {
    const y = values[i];
    if (y === null || !Number.isFinite(y)) {
      continue;
    }
    if (first === null) {
      first = y;
    } else if (y !== first) {
      constY = false;
    }
    const x = times[i] - now;
    n++;
    sumX += x;
    sumY += y;
    sumXY += x * y;
    sumX2 += x * x;
  }
  if (n < 2 || first === null) {
    return null;
  }
  let slope: number;
  let intercept: number;
  if (constY) {
    slope = 0;
    intercept = first;
  } else {
    const covXY = sumXY - (sumX * sumY) / n;
    const varX = sumX2 - (sumX * sumX) / n;
    slope = covXY / varX;
    intercept = sumY / n - (slope * sumX) / n;
  }
  if (intercept <= 0) {
    return now;
  }
  return slope < 0 ? now - intercept / slope : null;
}
