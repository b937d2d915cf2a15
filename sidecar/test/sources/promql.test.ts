// The PromQL subset evaluator against hand-made series with known answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRange } from '../../src/sources/promql/evaluate.ts';
import { matches } from '../../src/sources/promql/ast.ts';
import { QueryError, type Labels, type Series } from '../../src/sources/metric-source.ts';
import type { RawSeries, SampleStore } from '../../src/sources/promql/values.ts';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

/** A store of series sampled every 15 s from T0 - 1h to T0 + 1h by value functions of time. */
function storeOf(defs: Array<{ labels: Labels; f: (tMs: number) => number; untilMs?: number }>): SampleStore {
  const raws: RawSeries[] = defs.map(({ labels, f, untilMs }) => {
    const t: number[] = [];
    for (let x = T0 - 60 * MIN; x <= Math.min(T0 + 60 * MIN, untilMs ?? Infinity); x += 15_000) {t.push(x);}
    return { labels, t: Float64Array.from(t), v: Float64Array.from(t.map(f)), staleAfterMs: untilMs !== undefined ? untilMs + 15_000 : Infinity };
  });
  return {
    select: (ms, from, to) => raws
      .filter((r) => ms.every((m) => matches(m, r.labels[m.name])))
      .map((r) => {
        const keep = [...r.t].map((x, i) => [x, r.v[i]]).filter(([x]) => x >= from && x <= to);
        return { ...r, t: Float64Array.from(keep.map((p) => p[0])), v: Float64Array.from(keep.map((p) => p[1])) };
      }),
  };
}

const store = storeOf([
  // Counters growing 2/s and 3/s; the second resets to 0 at T0.
  { labels: { __name__: 'reqs_total', job: 'a', instance: 'i1', code: '200' }, f: (t) => 2 * (t - T0 + 3_600_000) / 1000 },
  { labels: { __name__: 'reqs_total', job: 'a', instance: 'i2', code: '500' }, f: (t) => (t < T0 ? 3 * (t - T0 + 3_600_000) / 1000 : 3 * (t - T0) / 1000) },
  { labels: { __name__: 'reqs_total', job: 'b', instance: 'i1', code: '200' }, f: () => 5 },
  { labels: { __name__: 'limit', job: 'a', instance: 'i1' }, f: () => 10 },
  { labels: { __name__: 'limit', job: 'a', instance: 'i2' }, f: () => 20 },
  { labels: { __name__: 'info', instance: 'i1', team: 'red' }, f: () => 1 },
  { labels: { __name__: 'info', instance: 'i2', team: 'blue' }, f: () => 1 },
  // Disappears at T0: stale from the next scrape on.
  { labels: { __name__: 'gone', job: 'a' }, f: () => 7, untilMs: T0 },
  { labels: { __name__: 'lat_bucket', le: '0.1' }, f: (t) => 50 * (t - T0 + 3_600_000) / 1000 },
  { labels: { __name__: 'lat_bucket', le: '0.5' }, f: (t) => 90 * (t - T0 + 3_600_000) / 1000 },
  { labels: { __name__: 'lat_bucket', le: '+Inf' }, f: (t) => 100 * (t - T0 + 3_600_000) / 1000 },
]);

const at = (query: string, tMs = T0 - 10 * MIN): Series[] => evaluateRange({ query, startMs: tMs, endMs: tMs, stepMs: MIN, store });
const one = (query: string, tMs?: number) => {
  const r = at(query, tMs);
  assert.equal(r.length, 1, `${query}: ${JSON.stringify(r)}`);
  return r[0];
};
const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

test('rate and increase of a counter with a known slope, across a counter reset', () => {
  close(one('rate(reqs_total{instance="i1", job="a"}[5m])').values[0], 2);
  close(one('increase(reqs_total{instance="i1", job="a"}[5m])').values[0], 600);
  // Window (T0-3m, T0+2m]: 150 s before the reset and 120 s after at 3/s; the 15 s across the reset are lost (the
  // counter restarted from 0), then the 285 s sampled are extrapolated to the 300 s window like Prometheus does.
  close(one('rate(reqs_total{code="500"}[5m])', T0 + 2 * MIN).values[0], (810 * 300) / 285 / 300);
  close(one('irate(reqs_total{code="500"}[5m])', T0 + 2 * MIN).values[0], 3);
  const r = one('rate(reqs_total{code="500"}[5m])', T0 + 2 * MIN);
  assert.deepEqual(r.labels, { job: 'a', instance: 'i2', code: '500' }, '__name__ is dropped by functions');
});

test('range results sit on the step grid with NaN where there is no data', () => {
  const r = evaluateRange({ query: 'gone', startMs: T0 - 2 * MIN, endMs: T0 + 2 * MIN, stepMs: MIN, store });
  assert.deepEqual(r[0].timestamps, [-2, -1, 0, 1, 2].map((k) => T0 + k * MIN));
  assert.deepEqual(r[0].values, [7, 7, 7, NaN, NaN], 'a stale series disappears at once, not after the 5m lookback');
});

test('instant selectors look back at most 5 minutes', () => {
  const r = evaluateRange({ query: 'limit{instance="i1"}', startMs: T0 + 60 * MIN, endMs: T0 + 66 * MIN, stepMs: MIN, store });
  assert.deepEqual(r[0].values, [10, 10, 10, 10, 10, NaN, NaN]);
});

test('sum by, without, avg, min, max, count', () => {
  const by = at('sum by (job) (rate(reqs_total[5m]))');
  assert.deepEqual(by.map((s) => s.labels), [{ job: 'a' }, { job: 'b' }]);
  close(by[0].values[0], 5);
  close(by[1].values[0], 0);
  assert.deepEqual(one('sum without (instance, code) (limit)').labels, { job: 'a' });
  close(one('avg(limit)').values[0], 15);
  close(one('min(limit)').values[0], 10);
  close(one('max(limit)').values[0], 20);
  close(one('count(reqs_total)').values[0], 3);
  close(one('sum(limit) by (job)').values[0], 30);
});

test('matchers: = != =~ !~ with fully anchored regexes', () => {
  assert.equal(at('reqs_total{code=~"5.."}').length, 1);
  assert.equal(at('reqs_total{code=~"5"}').length, 0, 'regex must match the whole value');
  assert.equal(at('reqs_total{code=~"2..|5.."}').length, 3);
  assert.equal(at('reqs_total{code!~"2.."}').length, 1);
  assert.equal(at('reqs_total{job!="a"}').length, 1);
  assert.equal(at('reqs_total{missing=""}').length, 3, 'an absent label equals ""');
  assert.equal(at('{__name__=~"reqs_.*", instance="i1"}').length, 2);
});

test('arithmetic and comparisons between vectors and scalars', () => {
  const r = one('limit{instance="i1"} * 2 + 1');
  assert.deepEqual(r.labels, { job: 'a', instance: 'i1' });
  assert.equal(r.values[0], 21);
  assert.equal(one('1 - limit{instance="i1"} / 10').values[0], 0);
  const filtered = one('limit > 15');
  assert.deepEqual(filtered.labels, { __name__: 'limit', job: 'a', instance: 'i2' }, 'filters keep the name');
  assert.deepEqual(at('limit > bool 15').map((s) => s.values[0]), [0, 1]);
  assert.equal(one('15 < limit').values[0], 20, 'scalar-first comparisons keep the vector value');
  assert.equal(one('2 ^ 3 + 1').values[0], 9);
  assert.equal(one('abs(-limit{instance="i2"})').values[0], 20);
  assert.equal(one('clamp_max(limit{instance="i2"}, 12)').values[0], 12);
  assert.equal(one('clamp_min(limit{instance="i2"}, 25)').values[0], 25);
});

test('vector matching: one-to-one by all labels, on(), ignoring(), group_left', () => {
  const ratio = at('rate(reqs_total{job="a"}[5m]) / ignoring(code) limit');
  assert.deepEqual(ratio.map((s) => s.labels), [{ job: 'a', instance: 'i1' }, { job: 'a', instance: 'i2' }], 'ignored labels are dropped');
  close(ratio[0].values[0], 0.2);
  close(ratio[1].values[0], 0.15);
  assert.equal(at('rate(reqs_total{job="a"}[5m]) / limit').length, 0, 'code label differs: no match');
  const on = one('sum by (instance) (limit) - on(instance) sum by (instance, job) (limit{instance="i2"})');
  assert.deepEqual(on.labels, { instance: 'i2' });
  assert.equal(on.values[0], 0);
  const joined = at('limit * on(instance) group_left(team) info');
  assert.deepEqual(joined.map((s) => s.labels.team), ['red', 'blue']);
  assert.throws(() => at('reqs_total / on(instance) limit'), /many/);
});

test('histogram_quantile interpolates within buckets', () => {
  const r = one('histogram_quantile(0.5, rate(lat_bucket[5m]))');
  close(r.values[0], 0.1 * (50 / 50));
  close(one('histogram_quantile(0.7, rate(lat_bucket[5m]))').values[0], 0.1 + 0.4 * (20 / 40));
  close(one('histogram_quantile(0.99, rate(lat_bucket[5m]))').values[0], 0.5, 1e-9);
});

test('over_time functions, deriv and predict_linear', () => {
  close(one('max_over_time(reqs_total{instance="i1",job="a"}[10m])').values[0], 2 * 50 * 60 - 0);
  close(one('deriv(reqs_total{instance="i1",job="a"}[10m])').values[0], 2);
  close(one('predict_linear(reqs_total{instance="i1",job="a"}[10m], 100)').values[0], 2 * 50 * 60 + 200);
  close(one('avg_over_time(limit{instance="i1"}[10m])').values[0], 10);
});

test('offset shifts selectors back in time', () => {
  close(one('reqs_total{instance="i1",job="a"} offset 10m').values[0], 2 * 40 * 60);
});

test('label_replace: anchored regex, $1 and ${name} expansion, no match leaves the series, empty result removes', () => {
  // label_replace keeps the metric name, as in Prometheus.
  assert.equal(one('label_replace(limit{instance="i1"}, "x", "y", "instance", ".*")').labels.__name__, 'limit');
  const labels = (query: string) => at(query).map(({ labels: { __name__: _, ...rest } }) => rest);
  assert.deepEqual(labels('label_replace(limit, "host", "$1-x", "instance", "i(.)")'), [
    { job: 'a', instance: 'i1', host: '1-x' },
    { job: 'a', instance: 'i2', host: '2-x' },
  ]);
  assert.deepEqual(labels('label_replace(limit{instance="i1"}, "host", "${n}$$", "instance", "(?<n>i)1")'), [
    { job: 'a', instance: 'i1', host: 'i$' },
  ]);
  // Anchored: "1" alone does not match "i1", so nothing changes; an empty replacement deletes the label.
  assert.deepEqual(labels('label_replace(limit{instance="i1"}, "host", "$1", "instance", "(1)")'), [{ job: 'a', instance: 'i1' }]);
  assert.deepEqual(labels('label_replace(limit{instance="i1"}, "job", "", "instance", ".*")'), [{ instance: 'i1' }]);
  assert.equal(one('label_replace(limit{instance="i2"}, "x", "y", "instance", ".*")').values[0], 20);
  assert.throws(() => at('label_replace(limit, "instance", "same", "job", ".*")'), (e: Error) => e instanceof QueryError && /same labelset/.test(e.message));
  assert.throws(() => at('label_replace(limit, "a", "$1", "job", "(")'), (e: Error) => e instanceof QueryError && /regular expression/.test(e.message));
});

test('unsupported constructs and bad queries raise QueryError naming them', () => {
  assert.throws(() => at('label_join(limit, "a", ",", "job")'), (e: Error) => e instanceof QueryError && /unsupported PromQL function "label_join"/.test(e.message));
  assert.throws(() => at('topk(1, limit)'), (e: Error) => e instanceof QueryError && /topk/.test(e.message));
  assert.throws(() => at('rate(limit[5m:1m])'), (e: Error) => e instanceof QueryError && /subquery/.test(e.message));
  assert.throws(() => at('sum(limit'), QueryError);
  assert.throws(() => at('limit{job=~"("}'), QueryError);
  assert.throws(() => at('rate(limit)'), QueryError);
  assert.throws(() => at('{job=""}'), QueryError);
  assert.throws(() => at('1 > 2'), /bool/i);
  assert.throws(() => evaluateRange({ query: 'limit', startMs: T0, endMs: T0 + 20_000 * MIN, stepMs: MIN, store }), /11000|11,000/);
});

test('scalar results come back as one series without labels', () => {
  const r = evaluateRange({ query: '3 * 2', startMs: T0, endMs: T0 + 2 * MIN, stepMs: MIN, store });
  assert.deepEqual(r, [{ labels: {}, timestamps: [T0, T0 + MIN, T0 + 2 * MIN], values: [6, 6, 6] }]);
});
