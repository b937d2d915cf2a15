// Binary operators: arithmetic, comparisons (filtering or with bool) and set operators, between scalars and vectors,
// with one-to-one and many-to-one label matching (on/ignoring, group_left/group_right), per step like Prometheus.
import { QueryError, type Labels } from '../metric-source.ts';
import type { VectorMatching } from './ast.ts';
import { labelsKey, withoutName, type StepSeries, type Value } from './values.ts';

const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

function arith(op: string): (a: number, b: number) => number {
  switch (op) {
    case '+': return (a, b) => a + b;
    case '-': return (a, b) => a - b;
    case '*': return (a, b) => a * b;
    case '/': return (a, b) => a / b;
    case '%': return (a, b) => a % b;
    case '^': return (a, b) => a ** b;
    case 'atan2': return (a, b) => Math.atan2(a, b);
    case '==': return (a, b) => (a === b ? 1 : 0);
    case '!=': return (a, b) => (a !== b ? 1 : 0);
    case '>': return (a, b) => (a > b ? 1 : 0);
    case '<': return (a, b) => (a < b ? 1 : 0);
    case '>=': return (a, b) => (a >= b ? 1 : 0);
    case '<=': return (a, b) => (a <= b ? 1 : 0);
    default: throw new QueryError(`unsupported PromQL operator "${op}"`);
  }
}

/** NaN from arithmetic (e.g. 0/0) cannot be told apart from "no sample" in our representation; both read as missing. */
export function binaryOp(op: string, lhs: Value, rhs: Value, bool: boolean, matching: VectorMatching | null, n: number): Value {
  if (lhs.kind === 'string' || rhs.kind === 'string') {throw new QueryError(`binary operator "${op}" does not apply to strings`);}
  const isComparison = COMPARISONS.has(op);
  if (bool && !isComparison) {throw new QueryError('bool modifier can only be used on comparison operators');}
  if (SET_OPS.has(op)) {
    if (lhs.kind !== 'vector' || rhs.kind !== 'vector') {throw new QueryError(`set operator "${op}" not allowed in binary scalar expression`);}
    return { kind: 'vector', series: setOp(op, lhs.series, rhs.series, matching, n) };
  }
  const f = arith(op);
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
    if (isComparison && !bool) {throw new QueryError('comparisons between scalars must use BOOL modifier');}
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {values[i] = f(lhs.values[i], rhs.values[i]);}
    return { kind: 'scalar', values };
  }
  const dropName = !isComparison || bool;
  if (lhs.kind === 'vector' && rhs.kind === 'scalar') {return { kind: 'vector', series: vectorScalar(lhs.series, rhs.values, f, isComparison && !bool, dropName, false, n) };}
  if (lhs.kind === 'scalar' && rhs.kind === 'vector') {return { kind: 'vector', series: vectorScalar(rhs.series, lhs.values, f, isComparison && !bool, dropName, true, n) };}
  return { kind: 'vector', series: vectorVector(op, (lhs as { series: StepSeries[] }).series, (rhs as { series: StepSeries[] }).series, f, isComparison && !bool, dropName, matching, n) };
}

function vectorScalar(
  series: StepSeries[], scalar: Float64Array, f: (a: number, b: number) => number, filter: boolean, dropName: boolean, scalarLeft: boolean, n: number,
): StepSeries[] {
  const out: StepSeries[] = [];
  for (const s of series) {
    const values = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) {
      const v = s.values[i];
      if (Number.isNaN(v)) {continue;}
      const r = scalarLeft ? f(scalar[i], v) : f(v, scalar[i]);
      values[i] = filter ? (r === 1 ? v : NaN) : r;
    }
    out.push({ labels: dropName ? withoutName(s.labels) : s.labels, values });
  }
  return out;
}

function signature(labels: Labels, matching: VectorMatching | null): string {
  if (matching?.on) {
    const picked: Labels = {};
    for (const k of matching.labels) {if (labels[k]) {picked[k] = labels[k];}}
    return labelsKey(picked);
  }
  const ignored = new Set(['__name__', ...(matching?.labels ?? [])]);
  const rest: Labels = {};
  for (const [k, v] of Object.entries(labels)) {if (!ignored.has(k)) {rest[k] = v;}}
  return labelsKey(rest);
}

function bySignature(series: StepSeries[], matching: VectorMatching | null): Map<string, StepSeries[]> {
  const map = new Map<string, StepSeries[]>();
  for (const s of series) {
    const sig = signature(s.labels, matching);
    const list = map.get(sig);
    if (list) {list.push(s);} else {map.set(sig, [s]);}
  }
  return map;
}

function resultLabels(many: Labels, one: Labels, matching: VectorMatching | null, dropName: boolean): Labels {
  let out: Labels = dropName ? withoutName(many) : { ...many };
  if (!matching || matching.card === 'one-to-one') {
    if (matching?.on) {
      const kept: Labels = {};
      for (const k of matching.labels) {if (out[k] !== undefined) {kept[k] = out[k];}}
      out = kept;
    } else if (matching) {
      out = { ...out };
      for (const k of matching.labels) {delete out[k];}
    }
  }
  for (const k of matching?.include ?? []) {
    if (one[k]) {out = { ...out, [k]: one[k] };}
    else if (k in out) { out = { ...out }; delete out[k]; }
  }
  return out;
}

function vectorVector(
  op: string, lhs: StepSeries[], rhs: StepSeries[], f: (a: number, b: number) => number, filter: boolean, dropName: boolean,
  matching: VectorMatching | null, n: number,
): StepSeries[] {
  // The "one" side may match at most one series per step; with group_right the right side is the "many" side.
  const swap = matching?.card === 'one-to-many';
  const manySide = swap ? rhs : lhs;
  const oneSide = bySignature(swap ? lhs : rhs, matching);
  const oneToOne = !matching || matching.card === 'one-to-one';
  const output = new Map<string, StepSeries>();
  const manySeen = oneToOne ? new Map<string, Int32Array>() : null;
  for (const m of manySide) {
    const sig = signature(m.labels, matching);
    const candidates = oneSide.get(sig);
    if (!candidates) {continue;}
    for (let i = 0; i < n; i++) {
      const mv = m.values[i];
      if (Number.isNaN(mv)) {continue;}
      let one: StepSeries | null = null;
      for (const c of candidates) {
        if (Number.isNaN(c.values[i])) {continue;}
        if (one) {throw new QueryError(`found duplicate series for the match group ${sig.replace(/\u0000/g, '=').replace(/\u0001/g, ',')} on the ${swap ? 'left' : 'right'} hand-side of the operation: many-to-many matching not allowed`);}
        one = c;
      }
      if (!one) {continue;}
      if (manySeen) {
        let seen = manySeen.get(sig);
        if (!seen) {manySeen.set(sig, (seen = new Int32Array(n).fill(-1)));}
        if (seen[i] !== -1) {throw new QueryError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');}
        seen[i] = 1;
      }
      const [a, b] = swap ? [one.values[i], mv] : [mv, one.values[i]];
      const r = f(a, b);
      if (filter && r !== 1) {continue;}
      const labels = resultLabels(m.labels, one.labels, matching, dropName);
      const key = labelsKey(labels);
      let o = output.get(key);
      if (!o) {output.set(key, (o = { labels, values: new Float64Array(n).fill(NaN) }));}
      if (!Number.isNaN(o.values[i])) {throw new QueryError('vector cannot contain metrics with the same labelset');}
      o.values[i] = filter ? a : r;
    }
  }
  return [...output.values()];
}

function setOp(op: string, lhs: StepSeries[], rhs: StepSeries[], matching: VectorMatching | null, n: number): StepSeries[] {
  const presentBySig = (series: StepSeries[]) => {
    const map = new Map<string, Uint8Array>();
    for (const s of series) {
      const sig = signature(s.labels, matching);
      let p = map.get(sig);
      if (!p) {map.set(sig, (p = new Uint8Array(n)));}
      for (let i = 0; i < n; i++) {if (!Number.isNaN(s.values[i])) {p[i] = 1;}}
    }
    return map;
  };
  const keepWhere = (series: StepSeries[], present: Map<string, Uint8Array>, wantPresent: boolean) =>
    series.map((s) => {
      const p = present.get(signature(s.labels, matching));
      const values = new Float64Array(n).fill(NaN);
      for (let i = 0; i < n; i++) {if ((p ? p[i] === 1 : false) === wantPresent) {values[i] = s.values[i];}}
      return { labels: s.labels, values };
    });
  if (op === 'and') {return keepWhere(lhs, presentBySig(rhs), true);}
  if (op === 'unless') {return keepWhere(lhs, presentBySig(rhs), false);}
  return [...lhs, ...keepWhere(rhs, presentBySig(lhs), false)];
}
