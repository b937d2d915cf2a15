// Defaults of the anomaly detector, in one place. One set of parameters for every series.
import type { AnomalyOptions } from './types.ts';

/** Shipped default threshold on the anomaly score. */
export const DEFAULT_ANOMALY_THRESHOLD = 0.7;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export interface ResolvedOptions {
  threshold: number;
  seasonalPeriods: number[] | null;
  warmup: number;
  history: number;
  shiftWindow: number;
  varianceWindow: number;
  driftWindow: number;
  limit: number | null;
}

export function resolveOptions(options: AnomalyOptions): ResolvedOptions {
  const threshold = options.threshold ?? DEFAULT_ANOMALY_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new Error(`anomaly detector: threshold must be within 0..1, got ${threshold}`);
  }
  const whole = (name: string, value: number | undefined, fallback: number, min: number): number => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min) {
      throw new Error(`anomaly detector: ${name} must be a whole number ≥ ${min}, got ${v}`);
    }
    return v;
  };
  const periods = options.seasonalPeriods;
  if (periods && periods.some((p) => !Number.isInteger(p) || p < 2)) {
    throw new Error(
      `anomaly detector: seasonal periods must be whole numbers of steps ≥ 2, got [${periods.join(', ')}]`
    );
  }
  if (options.limit !== undefined && !Number.isFinite(options.limit)) {
    throw new Error(`anomaly detector: limit must be a finite number, got ${options.limit}`);
  }
  return {
    threshold,
    seasonalPeriods: periods ? [...periods] : null,
    warmup: whole('warmup', options.warmup, 144, 0),
    history: whole('history', options.history, 2016, 10),
    shiftWindow: whole('shiftWindow', options.shiftWindow, 12, 1),
    varianceWindow: whole('varianceWindow', options.varianceWindow, 24, 2),
    driftWindow: whole('driftWindow', options.driftWindow, 288, 3),
    limit: options.limit ?? null,
  };
}

/** A day and a week in steps, for the step the timestamps show (whole numbers of steps only). */
export function defaultSeasonalPeriods(stepMs: number): number[] {
  return [DAY_MS, WEEK_MS].filter((p) => stepMs > 0 && p % stepMs === 0 && p / stepMs >= 4).map((p) => p / stepMs);
}
