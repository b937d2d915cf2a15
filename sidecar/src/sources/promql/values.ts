// Values flowing through range evaluation: every expression is evaluated at all steps at once.
import type { Labels } from '../metric-source.ts';
import type { Matcher } from './ast.ts';

/** One series over the query's steps; NaN = no sample at that step. */
export interface StepSeries {
  labels: Labels;
  values: Float64Array;
}

/** Raw samples of one stored series, ascending in time. */
export interface RawSeries {
  labels: Labels;
  t: Float64Array;
  v: Float64Array;
  /** A staleness marker: the series is gone from this time on (Infinity if it never disappears). */
  staleAfterMs: number;
}

export type Value =
  | { kind: 'scalar'; values: Float64Array }
  | { kind: 'vector'; series: StepSeries[] }
  | { kind: 'string'; value: string };

/** Where selectors read samples from. */
export interface SampleStore {
  select(matchers: Matcher[], fromMs: number, toMs: number): RawSeries[];
}

export interface EvalContext {
  startMs: number;
  stepMs: number;
  /** Number of steps. */
  n: number;
  store: SampleStore;
  lookbackMs: number;
}

export function stepTime(ctx: EvalContext, i: number): number {
  return ctx.startMs + i * ctx.stepMs;
}

export { labelsKey } from '../metric-source.ts';

export function withoutName(labels: Labels): Labels {
  if (!('__name__' in labels)) {return labels;}
  const { __name__: _, ...rest } = labels;
  return rest;
}

export function filled(n: number, v: number): Float64Array {
  return new Float64Array(n).fill(v);
}
