import type { Band, StepCrossing } from './types.ts';

/**
 * First (fractional) step at which `series` reaches the threshold. Step k is series[k−1]; between two steps the
 * series is taken as linear, so a crossing between step k and k+1 returns k + fraction. A series already at the
 * threshold at step 1 returns 1 (the value before step 1 is not part of the band).
 */
function firstCrossing(series: readonly number[], threshold: number, above: boolean): number | null {
  for (let i = 0; i < series.length; i++) {
    const v = series[i];
    if (above ? v >= threshold : v <= threshold) {
      if (i === 0) {return 1;}
      const prev = series[i - 1];
      const frac = (threshold - prev) / (v - prev);
      return i + (Number.isFinite(frac) ? Math.min(1, Math.max(0, frac)) : 1);
    }
  }
  return null;
}

/**
 * When the forecast reaches `threshold`. For 'above', the pessimistic bound is the upper one (it gets there
 * first) and the optimistic bound is the lower one; for 'below' it is the other way round.
 */
export function timeToThreshold(band: Band, threshold: number, direction: 'above' | 'below'): StepCrossing {
  if (direction !== 'above' && direction !== 'below') {
    throw new Error(`timeToThreshold: direction must be 'above' or 'below', got ${String(direction)}`);
  }
  const above = direction === 'above';
  return {
    step: firstCrossing(band.yhat, threshold, above),
    earliestStep: firstCrossing(above ? band.upper : band.lower, threshold, above),
    latestStep: firstCrossing(above ? band.lower : band.upper, threshold, above),
  };
}
