// Contract of the streaming anomaly detector. Pure computation over pushed points: no I/O, no clocks.

export type AnomalyKind = 'spike' | 'dip' | 'level_shift' | 'variance_change' | 'drift';
export type AnomalyDirection = 'up' | 'down';

export interface AnomalyOptions {
  /** Score at or above which a point is anomalous (0..1). Default DEFAULT_ANOMALY_THRESHOLD. */
  threshold?: number;
  /**
   * Seasonal periods in steps (e.g. [288, 2016] at 5 minutes). Omitted: a day and a week in steps, derived from
   * the timestamps. [] = no seasonality. A period is used only once the data show it lowers the baseline's error.
   */
  seasonalPeriods?: number[];
  /** Points before any score is given (the baseline and references are still learning). Default 144. */
  warmup?: number;
  /** Points of history the references (what "unusual" means for this series) are taken over. Default 2016. */
  history?: number;
  /** Points over which a level shift is confirmed (median of the residuals). Default 12. */
  shiftWindow?: number;
  /** Points over which a variance change is measured. Default 24. */
  varianceWindow?: number;
  /** Points over which slow drifts are fitted (a straight line). Default 288. */
  driftWindow?: number;
  /** A limit the series must not reach (e.g. a memory limit): drifts toward it report when they will reach it. */
  limit?: number;
}

export interface AnomalyEvent {
  kind: AnomalyKind;
  direction: AnomalyDirection;
  /** Largest deviation from the expected value during the event, in band half-widths (above 1 = outside the band). */
  size: number;
  /** Timestamp (as pushed) of the event's first anomalous point. */
  start: number;
  /** Timestamp of its last anomalous point so far. */
  end: number;
  /** True until the series has been back to normal for a few points. */
  ongoing: boolean;
  /** Highest score during the event. */
  peakScore: number;
  /** Drifts with a limit: the projected timestamp at which the series reaches it; otherwise null. */
  limitAt: number | null;
}

export interface AnomalyPoint {
  timestamp: number;
  value: number;
  /** Baseline: what the detector expected for this point from the points before it. */
  expected: number;
  /** Dynamic band: a value outside [lower, upper] alone scores at least the threshold. */
  lower: number;
  upper: number;
  /** Anomaly score in [0, 1], from this point and earlier ones only. 0 for missing values and during warm-up. */
  score: number;
  isAnomaly: boolean;
  /** What made the score (null when it is 0). */
  kind: AnomalyKind | null;
  /** The event this point belongs to (open or just closed by it), or null. */
  event: AnomalyEvent | null;
}

export interface AnomalyDetector {
  /** Feeds the next point (timestamps increasing; NaN values are missing) and returns its result. */
  push(timestamp: number, value: number): AnomalyPoint;
  /** Every event so far, oldest first (the last may be ongoing). */
  events(): AnomalyEvent[];
}

export interface AnomalyBatchPoint {
  expected: number;
  lower: number;
  upper: number;
  score: number;
  isAnomaly: boolean;
}

export interface AnomalyBatchResult {
  points: AnomalyBatchPoint[];
  events: AnomalyEvent[];
}
