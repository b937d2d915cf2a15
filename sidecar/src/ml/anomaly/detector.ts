// The streaming anomaly detector. Each pushed point is compared with the baseline's expectation from the points
// before it; four checks measure how unusual the point is against this series' own recent history:
//   spike/dip       |residual| against the usual extreme residual (at least 3 robust sigmas), or against the
//                   extremes that recur at this time of the day (RecurringExtremes), whichever is larger;
//   level shift     median of the last shiftWindow residuals, in robust sigmas, against its usual extreme (≥ 2);
//   variance change log ratio of recent to long-run residual spread against its usual extreme (at least ×2);
//   window shift    median of the last span values minus that of the span before, for spans of 2, 6 and 24 shift
//                   windows (2 hours to a day at 5 minutes): shifts of any duration, at least 4 robust sigmas; a
//                   drift when the drift line rises the same way, else a level shift;
//   drift           rise of a well-fitting line (R² ≥ 0.8) over driftWindow points against its usual extreme (and
//                   at least 3 usual extreme residuals);
//   sustained rise  for spans of 1/12, 1/4 and all of driftWindow (2, 6 and 24 hours at 5 minutes): the rise of a
//                   robust (Sen) line through the last span levels, in spreads about that line (or one-step robust
//                   sigmas when larger), against its usual extreme (at least 8), for rises of at least 4 sigmas. A
//                   ramp (memory leak) scores high however long it lasts, a step inside the span stays below ~4. A
//                   level shift flagged while a sustained rise of the same sign also flags is labelled a drift,
//                   with limitAt along the robust line; the scores (and what is absorbed) do not depend on labels.
// "Usual extreme" = the larger of the statistic's 99th percentile over the history window and half its running
// maximum (which halves every history/7 points, a day by default), learnt only from values older than a guard of
// 2 × shiftWindow points (GuardedReference).
// Each check gives u = statistic / usual extreme; the score is severity(max u). References are updated after the
// point is scored, so a score depends only on the point and those before it.
import { DriftWindow, stepsToLimit, type LineFit } from './drift.ts';
import { EventTracker } from './events.ts';
import { defaultSeasonalPeriods, resolveOptions, type ResolvedOptions } from './options.ts';
import { SeasonalBaseline } from './seasonal-baseline.ts';
import { RecurringExtremes } from './recurring-extremes.ts';
import { severity, severityInverse } from './severity.ts';
import { GuardedReference } from './guarded-reference.ts';
import { SlidingQuantile } from './sliding-quantile.ts';
import { WindowShift } from './window-shift.ts';
import { RecentLevels, stepsToReach, type TrendFit } from './trend.ts';
import type { AnomalyDetector, AnomalyDirection, AnomalyKind, AnomalyOptions, AnomalyPoint } from './types.ts';

const MAD_TO_SIGMA = 1.4826;
const DRIFT_MIN_R2 = 0.8;
/** A level shift is at least this many robust sigmas (median of the last shiftWindow residuals). */
const MIN_SHIFT_SIGMAS = 2;
/** Deviations below this share of the series' spread (5th–95th percentile) are never unusual. */
const RESOLUTION = 1e-3;
const QUIET_POINTS = 6;
/** Time scales of the window-shift test, in shift windows. */
const SHIFT_SCALES = [2, 6, 24];
const MIN_WINDOW_SHIFT_SIGMAS = 4;
/** Time scales of the sustained-growth test, as shares of the drift window (2, 6 and 24 hours by default). */
const TREND_SCALES = [1 / 12, 1 / 4, 1];
/** A sustained rise is at least this many spreads about its own line (a step inside the window stays below ~4). */
const MIN_TREND_Z = 8;

interface TrendCheck extends Check {
  fit: TrendFit | null;
}

interface Check {
  kind: AnomalyKind;
  u: number;
  direction: AnomalyDirection;
}

export function createAnomalyDetector(options: AnomalyOptions = {}): AnomalyDetector {
  const o = resolveOptions(options);
  return new StreamingDetector(o);
}

class StreamingDetector implements AnomalyDetector {
  private readonly o: ResolvedOptions;
  private readonly bandU: number;
  private baseline: SeasonalBaseline | null = null;
  private recurring: RecurringExtremes | null = null;
  private firstTimestamp = NaN;
  private firstValue = NaN;
  private stepMs = NaN;
  private seen = 0;
  private readonly valueSpread: SlidingQuantile;
  private readonly recentResiduals: SlidingQuantile;
  private readonly recentAbs: SlidingQuantile;
  private readonly shiftExtremes: GuardedReference;
  private readonly varianceExtremes: GuardedReference;
  private readonly driftExtremes: GuardedReference;
  private readonly drift: DriftWindow;
  private readonly windowShifts: WindowShift[];
  private windowShiftChecks: Check[] = [];
  private readonly windowShiftExtremes: GuardedReference[];
  private readonly levels: RecentLevels;
  private readonly trendSpans: number[];
  private readonly trendExtremes: GuardedReference[];
  private readonly tracker = new EventTracker(QUIET_POINTS);

  constructor(o: ResolvedOptions) {
    this.o = o;
    this.bandU = severityInverse(o.threshold);
    this.valueSpread = new SlidingQuantile(o.history);
    this.recentResiduals = new SlidingQuantile(o.shiftWindow);
    this.recentAbs = new SlidingQuantile(o.varianceWindow);
    const guard = 2 * Math.max(o.shiftWindow, o.varianceWindow);
    this.shiftExtremes = new GuardedReference(o.history, guard);
    this.varianceExtremes = new GuardedReference(o.history, guard);
    this.driftExtremes = new GuardedReference(o.history, guard);
    this.drift = new DriftWindow(o.driftWindow);
    this.windowShifts = SHIFT_SCALES.map((k) => new WindowShift(k * o.shiftWindow));
    this.windowShiftExtremes = this.windowShifts.map((w) => new GuardedReference(o.history, 2 * w.span));
    this.levels = new RecentLevels(o.driftWindow);
    this.trendSpans = [...new Set(TREND_SCALES.map((f) => Math.max(3, Math.round(f * o.driftWindow))))];
    this.trendExtremes = this.trendSpans.map((span) => new GuardedReference(o.history, 2 * span));
  }

  events() {
    return this.tracker.events;
  }

  push(timestamp: number, value: number): AnomalyPoint {
    const index = this.stepIndex(timestamp);
    const baseline = this.baselineFor(index, value);
    const expected = baseline ? baseline.expected(index) : NaN;
    const floor = this.floor(expected);
    const residuals = baseline?.residuals;
    // NaN while the model in use has too few residuals to say what is usual: no band and no score yet
    const scale = residuals ? Math.max(residuals.usual(), 3 * MAD_TO_SIGMA * residuals.quantile(0.5), floor) : NaN;
    const half = this.bandU * scale;
    const result: AnomalyPoint = {
      timestamp,
      value,
      expected,
      lower: expected - half,
      upper: expected + half,
      score: 0,
      isAnomaly: false,
      kind: null,
      event: null,
    };
    if (!Number.isFinite(value) || !baseline || Number.isNaN(expected)) {
      if (Number.isFinite(value) && baseline) {
        baseline.update(value, index, Infinity);
      }
      return result;
    }

    const residual = value - expected;
    const recurring = this.recurring ? this.recurring.reference(index) : 0;
    const checks: Check[] = [
      {
        kind: residual >= 0 ? 'spike' : 'dip',
        u: Math.abs(residual) / Math.max(scale, recurring),
        direction: dir(residual),
      },
    ];
    this.recentResiduals.push(residual);
    // in robust sigmas of the model in use, so that its history stays comparable when the baseline changes model
    const sigma = Math.max(MAD_TO_SIGMA * baseline.residuals.quantile(0.5), floor) || floor;
    const shift = this.recentResiduals.count === this.o.shiftWindow ? this.recentResiduals.quantile(0.5) : 0;
    const shiftSigmas = shift / sigma;
    checks.push({
      kind: 'level_shift',
      u: Math.abs(shiftSigmas) / Math.max(this.shiftExtremes.usual(), MIN_SHIFT_SIGMAS),
      direction: dir(shift),
    });
    this.recentAbs.push(Math.abs(residual));
    const spreadRatio =
      this.recentAbs.count === this.o.varianceWindow
        ? Math.log((this.recentAbs.quantile(0.5) + floor) / (baseline.residuals.quantile(0.5) + floor))
        : 0;
    checks.push({
      kind: 'variance_change',
      u: Math.abs(spreadRatio) / Math.max(this.varianceExtremes.usual(), Math.LN2),
      direction: dir(spreadRatio),
    });
    this.drift.push(baseline.deseasonalised(value, index));
    const fit = this.drift.fit();
    const rise = fit && fit.r2 >= DRIFT_MIN_R2 ? fit.slope * (this.o.driftWindow - 1) : 0;
    checks.push({
      kind: 'drift',
      u: Math.abs(rise) / Math.max(this.driftExtremes.usual(), 3 * scale),
      direction: dir(rise),
    });

    const level = baseline.deseasonalised(value, index);
    this.windowShiftChecks = [];
    const windowShifts = this.windowShifts.map((w, k) => {
      w.push(level);
      const d = w.difference();
      // a shift that a straight line explains well is the middle of a slow drift, not a step
      const drifting = rise !== 0 && Math.sign(rise) === Math.sign(d);
      this.windowShiftChecks.push({
        kind: drifting ? 'drift' : 'level_shift',
        u: Number.isNaN(d)
          ? 0
          : Math.abs(d) / Math.max(this.windowShiftExtremes[k].usual(), MIN_WINDOW_SHIFT_SIGMAS * sigma),
        direction: dir(d),
      });
      return d;
    });
    checks.push(...this.windowShiftChecks);
    // sustained growth: a robust line over the last span levels that explains a large rise (see trend.ts)
    this.levels.push(index, value, level);
    const trendZ: number[] = [];
    const lines = this.levels.fits(this.trendSpans);
    const trends: TrendCheck[] = lines.map((line, k) => {
      // the rise in spreads about the line, or in robust sigmas of the one-step residuals when those are larger (a
      // straight line through noise-free data is not a drift); a rise smaller than a level shift is not one either
      const zAbs = line ? Math.abs(line.rise) / Math.max(line.spread, sigma, floor) : NaN;
      const z = line && Math.abs(line.rise) >= MIN_WINDOW_SHIFT_SIGMAS * sigma ? Math.sign(line.rise) * zAbs : 0;
      trendZ.push(zAbs);
      return {
        kind: 'drift',
        u: Math.abs(z) / Math.max(this.trendExtremes[k].usual(), MIN_TREND_Z) || 0,
        direction: dir(z),
        fit: line,
      };
    });
    checks.push(...trends);
    const top = checks.reduce((a, b) => (b.u > a.u ? b : a));
    const trend = trends.reduce((a, b) => (b.u > a.u ? b : a));
    // A shift while the level rises steadily the same way is the middle of a drift, not a step.
    const sustained = trend.u >= this.bandU && trend.direction === top.direction;
    const kind: AnomalyKind = top.kind === 'level_shift' && sustained ? 'drift' : top.kind;
    this.seen += 1;
    if (this.seen > this.o.warmup) {
      result.score = severity(top.u);
      result.kind = result.score > 0 ? kind : null;
      result.isAnomaly = result.score >= this.o.threshold && result.score > 0;
    }
    result.event = this.tracker.record({
      timestamp,
      score: result.score,
      isAnomaly: result.isAnomaly,
      kind: result.kind,
      direction: top.direction,
      size: half > 0 ? residual / half : 0,
      limitAt: kind === 'drift' ? this.limitAt(sustained ? trend.fit : null, fit, timestamp) : null,
    });

    // Learn from the point only now that it is scored.
    this.valueSpread.push(value);
    this.recurring?.update(index, Math.abs(residual));
    if (this.seen > this.o.warmup / 2) {
      // the statistics mean something once the residual scale has settled and their windows are full
      if (this.recentResiduals.count === this.o.shiftWindow) {
        this.shiftExtremes.push(Math.abs(shiftSigmas));
      }
      if (this.recentAbs.count === this.o.varianceWindow) {
        this.varianceExtremes.push(Math.abs(spreadRatio));
      }
      if (fit) {
        this.driftExtremes.push(Math.abs(rise));
      }
      windowShifts.forEach((d, k) => {
        if (!Number.isNaN(d)) {
          this.windowShiftExtremes[k].push(Math.abs(d));
        }
      });
      trendZ.forEach((z, k) => {
        if (!Number.isNaN(z)) {
          this.trendExtremes[k].push(z);
        }
      });
    }
    const model = baseline.period;
    baseline.update(value, index, this.seen > this.o.warmup && scale > 0 ? scale : Infinity);
    if (baseline.period !== model) {
      // another model's residuals say nothing about this one's level or spread: start those windows afresh
      this.recentResiduals.clear();
      this.recentAbs.clear();
      this.drift.clear();
      this.shiftExtremes.clear();
      this.varianceExtremes.clear();
      this.driftExtremes.clear();
      this.windowShifts.forEach((w) => w.clear());
      this.windowShiftExtremes.forEach((r) => r.clear());
      // the sustained-growth test needs no fresh start: its window is re-expressed in the new model's levels
      this.levels.relevel((i, v) => baseline.deseasonalised(v, i));
    }
    if (result.isAnomaly && this.windowShiftChecks.includes(top)) {
      // the windows now straddle a known change: measure the next one from the new level
      this.windowShifts.forEach((w) => w.clear());
    } else if (result.isAnomaly && result.kind === 'level_shift') {
      // absorb the shift: the new level is the normal from now on
      baseline.shiftLevel(shift);
      this.recentResiduals.clear();
      this.drift.clear();
      this.windowShifts.forEach((w) => w.clear());
    }
    return result;
  }

  /** When the drift reaches the limit: along the robust line when it found the drift, else the least-squares one. */
  private limitAt(trend: TrendFit | null, fit: LineFit | null, timestamp: number): number | null {
    if (this.o.limit === null || !(this.stepMs > 0)) {
      return null;
    }
    const steps = trend
      ? stepsToReach(trend.slope, trend.last, this.o.limit)
      : fit
        ? stepsToLimit(fit, this.o.limit)
        : null;
    return steps === null ? null : timestamp + steps * this.stepMs;
  }

  private stepIndex(timestamp: number): number {
    if (Number.isNaN(this.firstTimestamp)) {
      this.firstTimestamp = timestamp;
      return 0;
    }
    if (Number.isNaN(this.stepMs) && timestamp > this.firstTimestamp) {
      this.stepMs = timestamp - this.firstTimestamp;
    }
    return this.stepMs > 0 ? Math.max(0, Math.round((timestamp - this.firstTimestamp) / this.stepMs)) : 0;
  }

  /** The baseline, created once the step (and so the default periods) is known. */
  private baselineFor(index: number, value: number): SeasonalBaseline | null {
    if (this.baseline) {
      return this.baseline;
    }
    if (index === 0) {
      this.firstValue = Number.isFinite(value) ? value : this.firstValue;
      return null;
    }
    if (Number.isNaN(this.stepMs)) {
      return null;
    }
    const periods = this.o.seasonalPeriods ?? defaultSeasonalPeriods(this.stepMs);
    this.baseline = new SeasonalBaseline(periods, this.o.history, this.o.shiftWindow);
    this.recurring = periods.length > 0 ? new RecurringExtremes(Math.min(...periods)) : null;
    if (Number.isFinite(this.firstValue)) {
      this.baseline.update(this.firstValue, 0, Infinity);
    }
    return this.baseline;
  }

  private floor(expected: number): number {
    const spread = this.valueSpread.quantile(0.95) - this.valueSpread.quantile(0.05);
    const absolute = 1e-9 * Math.max(1, Math.abs(expected) || 0);
    return Math.max(Number.isFinite(spread) ? RESOLUTION * spread : 0, absolute);
  }
}

function dir(x: number): AnomalyDirection {
  return x >= 0 ? 'up' : 'down';
}
