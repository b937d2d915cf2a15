// Forecasts from many origins of one stream with every method, and scores them against the stream's own future.
import {
  budgetHistory,
  forecastExhaustion,
  periodBounds,
  sloStatus,
  type ExhaustionOptions,
} from '../../sidecar/src/ml/slo/index.ts';
import { firstOrder, predictLinearZero } from './baselines.ts';
import { DAY, STEP, type Stream } from './generate.ts';

export const HORIZON = 15 * DAY;
export const ORIGIN_EVERY = 12 * 3600;
export const PREDICT_LINEAR_HOURS = [6, 24];

export interface Prediction {
  /** Predicted exhaustion time, null = not within the span. */
  at: number | null;
  earliest?: number | null;
  latest?: number | null;
  /** Budget remaining at the span end: pessimistic (lower) and optimistic (upper) edges. */
  budgetAtEnd?: { lower: number | null; upper: number | null };
}

export interface Case {
  stream: string;
  scenario: string;
  origin: number;
  spanEnd: number;
  /** True exhaustion time from the full stream, null = not within the span. */
  truth: number | null;
  /** Realised budget remaining at the span end (calendar: the last step before the reset). */
  truthBudgetAtEnd: number | null;
  /** A scripted regime change falls between the origin and the truth (or the span end): unknowable at the origin. */
  unforeseeable: boolean;
  predictions: Record<string, Prediction>;
  ms: Record<string, number>;
}

/** First time after index i the budget series reaches 0 (linear between samples), up to spanEnd. */
function trueExhaustion(times: number[], b: Array<number | null>, i: number, spanEnd: number): number | null {
  let prev = b[i]!;
  for (let j = i + 1; j < times.length && times[j] <= spanEnd; j++) {
    const v = b[j];
    if (v === null) {
      continue;
    }
    if (v <= 0) {
      return times[j - 1] + (STEP * prev) / (prev - v);
    }
    prev = v;
  }
  return null;
}

/**
 * Reference, not a method: the exhaustion of the stream's noise-free expectation from the origin on (the scripted
 * traffic and error ratio, future changes included) after the realised history. What is left between it and the
 * truth is the noise of the future alone.
 */
function clairvoyant(s: Stream, spec: Parameters<typeof budgetHistory>[1], i: number, spanEnd: number): number | null {
  const n = Math.min(s.timestamps.length, i + 1 + Math.round((spanEnd - s.timestamps[i]) / STEP) + 1);
  const total = s.total.slice(0, n);
  const errors = s.errors.slice(0, n);
  for (let j = i + 1; j < n; j++) {
    total[j] = s.expected.total[j];
    errors[j] = s.expected.total[j] * s.expected.ratio[j];
  }
  const h = budgetHistory({ timestamps: s.timestamps.slice(0, n), total, errors }, spec);
  return trueExhaustion(h.timestamps, h.budgetRemaining, i, spanEnd);
}

/** Our method's variants by name: forecastExhaustion options on top of { horizonSeconds: HORIZON }. */
export type Variants = Record<string, ExhaustionOptions>;

export function evaluateStream(s: Stream, methods: Variants): Case[] {
  const spec = { objective: s.objective, window: s.window };
  const hist = budgetHistory(s, spec);
  const cases: Case[] = [];
  const lastTime = s.timestamps[s.timestamps.length - 1];
  for (let origin = s.evalFrom; origin < s.evalTo; origin += ORIGIN_EVERY) {
    const i = Math.round((origin - s.timestamps[0]) / STEP);
    const remaining = hist.budgetRemaining[i];
    if (remaining === null || remaining <= 0) {
      continue; // already exhausted: nothing to forecast
    }
    const spanEnd = s.window.kind === 'calendar' ? periodBounds(origin, 'month').end : origin + HORIZON;
    if (spanEnd > lastTime) {
      continue;
    }
    const from = Math.max(0, i - 32 * 288);
    const slice = {
      timestamps: s.timestamps.slice(from, i + 1),
      total: s.total.slice(from, i + 1),
      errors: s.errors.slice(from, i + 1),
    };
    const truth = trueExhaustion(hist.timestamps, hist.budgetRemaining, i, spanEnd);
    const until = truth ?? spanEnd;
    const c: Case = {
      stream: s.name,
      scenario: s.scenario,
      origin,
      spanEnd,
      truth,
      truthBudgetAtEnd: hist.budgetRemaining[i + Math.round((spanEnd - origin) / STEP) - (s.window.kind === 'calendar' ? 1 : 0)] ?? null,
      unforeseeable: s.changes.some((t) => t > origin && t <= until),
      predictions: {},
      ms: {},
    };
    const within = (t: number | null): number | null => (t !== null && t <= spanEnd ? Math.max(origin, t) : null);
    for (const [method, options] of Object.entries(methods)) {
      const t0 = performance.now();
      const f = forecastExhaustion(slice, spec, { horizonSeconds: HORIZON, ...options });
      c.ms[method] = performance.now() - t0;
      c.predictions[method] = {
        at: f.exhaustedAt,
        earliest: f.earliest,
        latest: f.latest,
        budgetAtEnd: { lower: f.budgetAtEnd.lower, upper: f.budgetAtEnd.upper },
      };
    }
    const st = sloStatus(slice, spec);
    for (const w of ['1h', '6h'] as const) {
      c.predictions[`first-order ${w}`] = {
        at: within(firstOrder(origin, remaining, st.periodSeconds, st.burnRates[w])),
      };
    }
    for (const h of PREDICT_LINEAR_HOURS) {
      const k = (h * 3600) / STEP;
      const times = hist.timestamps.slice(i + 1 - k, i + 1);
      const values = hist.budgetRemaining.slice(i + 1 - k, i + 1);
      c.predictions[`predict_linear ${h}h`] = { at: within(predictLinearZero(origin, times, values)) };
    }
    c.predictions.clairvoyant = { at: within(clairvoyant(s, spec, i, spanEnd)) };
    cases.push(c);
  }
  return cases;
}
