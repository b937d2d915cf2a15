// Range evaluation of the PromQL subset: each node is evaluated at every step of the query at once.
import { QueryError, type Series } from '../metric-source.ts';
import type { Expr, SelectorExpr } from './ast.ts';
import { parsePromQL } from './parse.ts';
import { aggregate, PARAMETERISED_AGGREGATIONS } from './aggregate.ts';
import { binaryOp } from './binary.ts';
import { histogramQuantile } from './histogram.ts';
import { applyRangeFunction, RANGE_FUNCTIONS } from './range-functions.ts';
import { filled, labelsKey, stepTime, withoutName, type EvalContext, type SampleStore, type StepSeries, type Value } from './values.ts';

export const DEFAULT_LOOKBACK_MS = 5 * 60_000;
/** Prometheus refuses range queries with more points per series than this. */
export const MAX_POINTS = 11_000;

export interface RangeEvaluation {
  query: string;
  startMs: number;
  endMs: number;
  stepMs: number;
  store: SampleStore;
  lookbackMs?: number;
}

/** Evaluates a PromQL query over a range; returns the non-empty series sorted by labels (NaN where absent). */
export function evaluateRange(req: RangeEvaluation): Series[] {
  const { startMs, endMs, stepMs } = req;
  if (!(stepMs > 0)) {throw new QueryError('zero or negative query resolution step widths are not accepted');}
  if (!(endMs >= startMs)) {throw new QueryError('end timestamp must not be before start time');}
  const n = Math.floor((endMs - startMs) / stepMs) + 1;
  if (n > MAX_POINTS) {throw new QueryError(`exceeded maximum resolution of ${MAX_POINTS} points per timeseries; try increasing the step`);}
  const ctx: EvalContext = { startMs, stepMs, n, store: req.store, lookbackMs: req.lookbackMs ?? DEFAULT_LOOKBACK_MS };
  const value = evaluate(parsePromQL(req.query), ctx);
  const timestamps = Array.from({ length: n }, (_, i) => stepTime(ctx, i));
  if (value.kind === 'string') {throw new QueryError('a string is not a valid range query result');}
  if (value.kind === 'scalar') {return [{ labels: {}, timestamps, values: Array.from(value.values) }];}
  return value.series
    .filter((s) => s.values.some((v) => !Number.isNaN(v)))
    .map((s) => ({ key: labelsKey(s.labels), s }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ s }) => ({ labels: { ...s.labels }, timestamps: [...timestamps], values: Array.from(s.values) }));
}

export function evaluate(expr: Expr, ctx: EvalContext): Value {
  switch (expr.type) {
    case 'number': return { kind: 'scalar', values: filled(ctx.n, expr.value) };
    case 'string': return { kind: 'string', value: expr.value };
    case 'selector': return { kind: 'vector', series: instantSelector(expr, ctx) };
    case 'matrix': throw new QueryError('a range vector can only be an argument of a range function such as rate()');
    case 'unary': {
      const v = evaluate(expr.expr, ctx);
      if (expr.op === '+') {return v;}
      if (v.kind === 'scalar') {return { kind: 'scalar', values: v.values.map((x) => -x) };}
      if (v.kind === 'vector') {return { kind: 'vector', series: v.series.map((s) => ({ labels: withoutName(s.labels), values: s.values.map((x) => -x) })) };}
      throw new QueryError('unary minus does not apply to strings');
    }
    case 'binary': return binaryOp(expr.op, evaluate(expr.lhs, ctx), evaluate(expr.rhs, ctx), expr.bool, expr.matching, ctx.n);
    case 'aggregate': {
      if (PARAMETERISED_AGGREGATIONS.has(expr.op) && expr.op !== 'quantile') {throw new QueryError(`unsupported PromQL aggregation "${expr.op}"`);}
      const param = expr.param ? scalarArg(evaluate(expr.param, ctx), expr.op) : null;
      const inner = evaluate(expr.expr, ctx);
      if (inner.kind !== 'vector') {throw new QueryError(`expected an instant vector in aggregation "${expr.op}"`);}
      return { kind: 'vector', series: aggregate(expr.op, inner.series, expr.by, expr.without, ctx.n, param) };
    }
    case 'call': return call(expr.fn, expr.args, ctx);
  }
}

function scalarArg(v: Value, fn: string): Float64Array {
  if (v.kind !== 'scalar') {throw new QueryError(`expected a scalar argument in "${fn}"`);}
  return v.values;
}

function stringArg(v: Value, fn: string): string {
  if (v.kind !== 'string') {throw new QueryError(`expected a string argument in "${fn}"`);}
  return v.value;
}

/**
 * label_replace(v, dst, replacement, src, regex) as Prometheus does it: the regex is anchored at both ends; when it
 * matches the src label's value (empty when absent), dst is set to the replacement with $1, ${1}, $name expanded
 * (an empty result removes dst); when it does not match, the series is left alone.
 */
export function labelReplace(series: StepSeries[], dst: string, replacement: string, src: string, regex: string): StepSeries[] {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${regex})$`, 's');
  } catch {
    throw new QueryError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(dst)) {throw new QueryError(`invalid destination label name in label_replace(): ${dst}`);}
  const seen = new Set<string>();
  return series.map((s) => {
    const match = re.exec(s.labels[src] ?? '');
    let labels = s.labels;
    if (match) {
      const value = replacement.replace(/\$(?:\$|\{(\w+)\}|(\w+))/g, (whole, braced?: string, bare?: string) => {
        const name = braced ?? bare;
        if (name === undefined) {return '$';}
        return (/^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name]) ?? '';
      });
      labels = { ...s.labels };
      if (value === '') {delete labels[dst];} else {labels[dst] = value;}
    }
    const key = labelsKey(labels);
    if (seen.has(key)) {throw new QueryError('vector cannot contain metrics with the same labelset');}
    seen.add(key);
    return { labels, values: s.values };
  });
}

function vectorArg(v: Value, fn: string): StepSeries[] {
  if (v.kind !== 'vector') {throw new QueryError(`expected an instant vector argument in "${fn}"`);}
  return v.series;
}

const ELEMENTWISE: Record<string, (x: number) => number> = {
  abs: Math.abs, ceil: Math.ceil, floor: Math.floor, sqrt: Math.sqrt, exp: Math.exp, ln: Math.log, log2: Math.log2,
  log10: Math.log10, sgn: Math.sign, round: (x) => Math.floor(x + 0.5),
};

function mapSeries(series: StepSeries[], f: (x: number, i: number) => number): Value {
  return { kind: 'vector', series: series.map((s) => ({ labels: withoutName(s.labels), values: s.values.map((x, i) => (Number.isNaN(x) ? NaN : f(x, i))) })) };
}

function call(fn: string, args: Expr[], ctx: EvalContext): Value {
  const arity = (min: number, max = min) => {
    if (args.length < min || args.length > max) {throw new QueryError(`wrong number of arguments for "${fn}": ${args.length}`);}
  };
  if (RANGE_FUNCTIONS[fn]) {
    arity(fn === 'predict_linear' ? 2 : 1);
    const m = args[0];
    if (m.type !== 'matrix') {throw new QueryError(`"${fn}" expects a range vector such as metric[5m]`);}
    const param = fn === 'predict_linear' ? scalarArg(evaluate(args[1], ctx), fn) : null;
    const { selector, rangeMs } = m;
    const lastMs = stepTime(ctx, ctx.n - 1);
    const raw = ctx.store.select(selector.matchers, ctx.startMs - rangeMs - selector.offsetMs, lastMs - selector.offsetMs);
    return { kind: 'vector', series: applyRangeFunction(ctx, fn, raw, rangeMs, selector.offsetMs, param) };
  }
  const ev = (i: number) => evaluate(args[i], ctx);
  switch (fn) {
    case 'clamp_min': case 'clamp_max': {
      arity(2);
      const bound = scalarArg(ev(1), fn);
      return mapSeries(vectorArg(ev(0), fn), (x, i) => (fn === 'clamp_min' ? Math.max(x, bound[i]) : Math.min(x, bound[i])));
    }
    case 'clamp': {
      arity(3);
      const lo = scalarArg(ev(1), fn);
      const hi = scalarArg(ev(2), fn);
      return mapSeries(vectorArg(ev(0), fn), (x, i) => (lo[i] > hi[i] ? NaN : Math.min(hi[i], Math.max(lo[i], x))));
    }
    case 'label_replace': {
      arity(5);
      const [dst, replacement, src, regex] = [1, 2, 3, 4].map((i) => stringArg(ev(i), fn));
      return { kind: 'vector', series: labelReplace(vectorArg(ev(0), fn), dst, replacement, src, regex) };
    }
    case 'histogram_quantile': {
      arity(2);
      return { kind: 'vector', series: histogramQuantile(scalarArg(ev(0), fn), vectorArg(ev(1), fn), ctx.n) };
    }
    case 'scalar': {
      arity(1);
      const series = vectorArg(ev(0), fn);
      const values = filled(ctx.n, NaN);
      for (let i = 0; i < ctx.n; i++) {
        const present = series.filter((s) => !Number.isNaN(s.values[i]));
        if (present.length === 1) {values[i] = present[0].values[i];}
      }
      return { kind: 'scalar', values };
    }
    case 'vector': {
      arity(1);
      return { kind: 'vector', series: [{ labels: {}, values: scalarArg(ev(0), fn).slice() }] };
    }
    case 'time': {
      arity(0);
      return { kind: 'scalar', values: Float64Array.from({ length: ctx.n }, (_, i) => stepTime(ctx, i) / 1000) };
    }
    default:
      if (ELEMENTWISE[fn]) {
        arity(1);
        const f = ELEMENTWISE[fn];
        return mapSeries(vectorArg(ev(0), fn), (x) => f(x));
      }
      throw new QueryError(`unsupported PromQL function "${fn}"`);
  }
}

/** Instant selection: the newest sample in (t - lookback, t], unless the series went stale before t. */
function instantSelector(sel: SelectorExpr, ctx: EvalContext): StepSeries[] {
  const lastMs = stepTime(ctx, ctx.n - 1);
  const raw = ctx.store.select(sel.matchers, ctx.startMs - ctx.lookbackMs - sel.offsetMs, lastMs - sel.offsetMs);
  const out: StepSeries[] = [];
  for (const s of raw) {
    const values = new Float64Array(ctx.n).fill(NaN);
    let j = -1;
    let any = false;
    for (let i = 0; i < ctx.n; i++) {
      const t = stepTime(ctx, i) - sel.offsetMs;
      while (j + 1 < s.t.length && s.t[j + 1] <= t) {j++;}
      if (j < 0 || s.t[j] <= t - ctx.lookbackMs || t >= s.staleAfterMs) {continue;}
      values[i] = s.v[j];
      any = true;
    }
    if (any) {out.push({ labels: s.labels, values });}
  }
  return out;
}
