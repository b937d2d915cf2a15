// The expected value of the next point: a robust level with a damped trend, plus a seasonal profile. Each candidate
// (no profile, or one profile per candidate period) keeps its own level and trend and its one-step error; the
// candidate with the lowest error is used, a profile only when it beats the plain level by SEASONAL_GAIN (the data
// must show the cycle). Profiles are learnt against a slow level (about one shortest period long) so that a fast
// level cannot absorb the cycle; each phase averages its first cycles equally, then forgets with SEASONAL_GAMMA.
// Updates clip each residual at ±clip so that spikes do not drag the baseline; level shifts are absorbed
// explicitly (shiftLevel). Each candidate keeps the history of its own absolute one-step residuals, so that the
// detector's references describe the model in use, not the errors of the one used before.
import { GuardedReference } from './guarded-reference.ts';

const LEVEL_ALPHA = 0.05;
const TREND_BETA = 0.01;
const TREND_DAMPING = 0.98;
const SEASONAL_GAMMA = 0.25;
const ERROR_ALPHA = 0.01;
/** A profile must beat the plain level by this factor of one-step error before it is used. */
const SEASONAL_GAIN = 0.9;

interface Candidate {
  /** 0 = no seasonal profile. */
  period: number;
  values: Float64Array;
  /** Updates per phase, for the equal-weight start. */
  counts: Uint32Array;
  level: number;
  trend: number;
  /** One-step absolute error (EW mean); NaN until it has been tried. */
  error: number;
  tried: number;
  residuals: GuardedReference;
}

export class SeasonalBaseline {
  private readonly candidates: Candidate[];
  private chosen: Candidate;
  private slowLevel = NaN;
  private readonly slowAlpha: number;

  constructor(periods: readonly number[], history: number, guard: number) {
    this.candidates = [0, ...periods].map((period) => ({
      period,
      values: new Float64Array(period).fill(NaN),
      counts: new Uint32Array(period),
      level: NaN,
      trend: 0,
      error: NaN,
      tried: 0,
      residuals: new GuardedReference(history, guard),
    }));
    this.chosen = this.candidates[0];
    this.slowAlpha = periods.length > 0 ? 1 / Math.min(...periods) : 0;
  }

  /** Period of the profile in use, or 0 when none is. */
  get period(): number {
    return this.chosen.period;
  }

  /** Absolute one-step residuals of the candidate in use. */
  get residuals(): GuardedReference {
    return this.chosen.residuals;
  }

  /** Expected value at step index `index` (NaN before the first value). */
  expected(index: number): number {
    return predict(this.chosen, index);
  }

  /** The value with the seasonal part in use removed. */
  deseasonalised(value: number, index: number): number {
    return value - seasonal(this.chosen, index);
  }

  /** Learns from a finite value; residuals beyond ±clip count as ±clip. */
  update(value: number, index: number, clip: number): void {
    if (Number.isNaN(this.slowLevel)) {
      this.slowLevel = value;
    }
    for (const c of this.candidates) {
      if (Number.isNaN(c.level)) {
        c.level = value;
      } else {
        const s = seasonal(c, index);
        const base = c.level + TREND_DAMPING * c.trend;
        if (c.period === 0 || c.counts[index % c.period] > 0) {
          const error = Math.abs(value - base - s);
          c.error = Number.isNaN(c.error) ? error : c.error + ERROR_ALPHA * (error - c.error);
          c.tried += 1;
          c.residuals.push(error);
        }
        const previous = c.level;
        c.level = base + LEVEL_ALPHA * clamp(value - s - base, clip);
        c.trend = TREND_DAMPING * c.trend + TREND_BETA * (c.level - previous - TREND_DAMPING * c.trend);
      }
      if (c.period > 0) {
        const phase = index % c.period;
        c.counts[phase] += 1;
        const deviation = value - this.slowLevel;
        const gain = Math.max(SEASONAL_GAMMA, 1 / c.counts[phase]);
        c.values[phase] =
          c.counts[phase] === 1 ? deviation : c.values[phase] + gain * clamp(deviation - c.values[phase], clip);
      }
    }
    this.slowLevel += this.slowAlpha * clamp(value - this.slowLevel, clip);
    this.chosen = this.choose();
  }

  /** Moves every level by `delta` (a confirmed level shift) and forgets the trends. */
  shiftLevel(delta: number): void {
    for (const c of this.candidates) {
      c.level += delta;
      c.trend = 0;
    }
    this.slowLevel += delta;
  }

  private choose(): Candidate {
    const plain = this.candidates[0];
    let best = plain;
    let bestError = plain.error * SEASONAL_GAIN;
    for (const c of this.candidates.slice(1)) {
      // judged only after a full period of one-step predictions
      if (c.tried >= c.period && c.error < bestError) {
        best = c;
        bestError = c.error;
      }
    }
    return best;
  }
}

function predict(c: Candidate, index: number): number {
  return c.level + TREND_DAMPING * c.trend + seasonal(c, index);
}

function seasonal(c: Candidate, index: number): number {
  if (c.period === 0) {
    return 0;
  }
  const s = c.values[index % c.period];
  return Number.isNaN(s) ? 0 : s;
}

function clamp(x: number, limit: number): number {
  return x > limit ? limit : x < -limit ? -limit : x;
}
