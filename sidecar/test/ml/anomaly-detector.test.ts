// Known-answer tests of the streaming anomaly detector on constructed series: one per anomaly kind, causality,
// missing values and quiet series.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createAnomalyDetector,
  DEFAULT_ANOMALY_THRESHOLD,
  detectAnomalies,
  type AnomalyEvent,
} from '../../src/ml/index.ts';
import { rng } from './rng.ts';

const STEP = 300_000; // 5 minutes
const T0 = Date.UTC(2026, 0, 1);
const DAY = 288;
const AT = 900; // anomalies start after three days of normal data

/** 5-minute series: a daily wave (amplitude 10 around 50) with N(0, 1) noise, plus `extra(i, noise)`. */
function series(n: number, extra: (i: number, noise: number) => number = () => 0, seed = 7) {
  const r = rng(seed);
  const timestamps = Array.from({ length: n }, (_, i) => T0 + i * STEP);
  const values = timestamps.map((_, i) => {
    const noise = r.normal();
    return 50 + 10 * Math.sin((2 * Math.PI * i) / DAY) + noise + extra(i, noise);
  });
  return { timestamps, values };
}

const at = (i: number) => T0 + i * STEP;
const flagged = (points: Array<{ isAnomaly: boolean }>) => points.flatMap((p, i) => (p.isAnomaly ? [i] : []));
const describeEvents = (events: AnomalyEvent[]) =>
  events.map((e) => `${e.kind}/${e.direction}@${(e.start - T0) / STEP}`).join(', ');

describe('anomaly detector: known answers', () => {
  it('flags a spike at its point, above the band, and nothing else', () => {
    const { timestamps, values } = series(1200, (i) => (i === AT ? 12 : 0));
    const result = detectAnomalies(timestamps, values);
    assert.deepEqual(flagged(result.points), [AT]);
    const p = result.points[AT];
    assert.ok(values[AT] > p.upper && p.score >= DEFAULT_ANOMALY_THRESHOLD && p.score <= 1);
    assert.equal(result.events.length, 1);
    const [e] = result.events;
    assert.equal(e.kind, 'spike');
    assert.equal(e.direction, 'up');
    assert.equal(e.start, at(AT));
    assert.equal(e.ongoing, false);
    assert.ok(e.size > 1, `size ${e.size} should be outside the band (> 1)`);
  });

  it('flags a dip below the band', () => {
    const { timestamps, values } = series(1200, (i) => (i === AT ? -12 : 0));
    const result = detectAnomalies(timestamps, values);
    assert.deepEqual(flagged(result.points), [AT]);
    assert.ok(values[AT] < result.points[AT].lower);
    assert.deepEqual(
      result.events.map((e) => [e.kind, e.direction, e.start]),
      [['dip', 'down', at(AT)]]
    );
    assert.ok(result.events[0].size < -1);
  });

  it('reports a level shift from its start and absorbs it into the baseline', () => {
    const { timestamps, values } = series(1600, (i) => (i >= AT ? 8 : 0));
    const result = detectAnomalies(timestamps, values);
    const shift = result.events.find((e) => e.kind === 'level_shift');
    assert.ok(shift, `no level shift among: ${describeEvents(result.events)}`);
    assert.equal(shift.direction, 'up');
    assert.ok(shift.start >= at(AT) && shift.start <= at(AT + 12), `starts at ${(shift.start - T0) / STEP}`);
    // absorbed: the baseline follows the new level and the band holds the data again
    assert.deepEqual(flagged(result.points.slice(AT + 100)), []);
    const late = result.points[1500];
    assert.ok(Math.abs(late.expected - (values[1500] - 0)) < 5, `expected ${late.expected} vs value ${values[1500]}`);
    assert.ok(result.events.every((e) => !e.ongoing));
    // nothing before the shift
    assert.deepEqual(flagged(result.points.slice(0, AT)), []);
  });

  it('reports a variance change', () => {
    // the noise grows from sigma 1 to sigma 10 (the detector needs a several-fold change of spread: ×8 scores 0.69)
    const { timestamps, values } = series(1400, (i, noise) => (i >= AT ? 9 * noise : 0));
    const result = detectAnomalies(timestamps, values);
    assert.deepEqual(flagged(result.points.slice(0, AT)), []);
    const change = result.events.find((e) => e.kind === 'variance_change');
    assert.ok(change, `no variance change among: ${describeEvents(result.events)}`);
    assert.equal(change.direction, 'up');
    assert.ok(change.start >= at(AT) && change.start <= at(AT + 48), `starts at ${(change.start - T0) / STEP}`);
  });

  it('reports a slow drift toward a limit (memory leak) with the time it will reach the limit', () => {
    // flat memory at 500 with noise, then a leak of 0.3 per step from row 600: it reaches 1000 at row 2267
    const r = rng(3);
    const timestamps = Array.from({ length: 1000 }, (_, i) => at(i));
    const values = timestamps.map((_, i) => 500 + r.normal() + (i >= 600 ? 0.3 * (i - 600) : 0));
    const result = detectAnomalies(timestamps, values, { seasonalPeriods: [], limit: 1000 });
    assert.deepEqual(flagged(result.points.slice(0, 600)), []);
    const drift = result.events.find((e) => e.kind === 'drift');
    assert.ok(drift, `no drift among: ${describeEvents(result.events)}`);
    assert.equal(drift.direction, 'up');
    assert.ok(drift.start > at(600) && drift.start < at(1000));
    assert.ok(drift.limitAt !== null, 'a drift toward a limit says when it reaches it');
    const hit = at(2267);
    // a robust line through the recent climb: within 10% of the time left when it was last measured
    assert.ok(
      drift.limitAt > drift.end && Math.abs(drift.limitAt - hit) <= 0.1 * (hit - drift.end),
      `limitAt row ${(drift.limitAt - T0) / STEP}`
    );
    // without a limit there is no time to it
    const noLimit = detectAnomalies(timestamps, values, { seasonalPeriods: [] });
    assert.ok(noLimit.events.every((e) => e.limitAt === null));
  });

  it('reports a clean ramp toward a limit as a drift, with limitAt within 10% of the true crossing', () => {
    // flat memory at 300 (noise sigma 2), then a leak of 5 per step from row 900: it reaches 1024 at row 1044.8
    const r = rng(5);
    const n = 1000;
    const timestamps = Array.from({ length: n }, (_, i) => at(i));
    const values = timestamps.map((_, i) => 300 + 2 * r.normal() + (i >= AT ? 5 * (i - AT) : 0));
    const result = detectAnomalies(timestamps, values, { seasonalPeriods: [], limit: 1024 });
    assert.deepEqual(flagged(result.points.slice(0, AT)), []);
    const drift = result.events.at(-1)!;
    assert.equal(drift.kind, 'drift', describeEvents(result.events));
    assert.equal(drift.direction, 'up');
    assert.ok(drift.ongoing);
    assert.ok(drift.start >= at(AT) && drift.start <= at(AT + 24), `starts at ${(drift.start - T0) / STEP}`);
    const hit = T0 + ((1024 - 300) / 5 + AT) * STEP;
    const now = at(n - 1);
    assert.ok(drift.limitAt !== null && Math.abs(drift.limitAt - hit) <= 0.1 * (hit - now), `${drift.limitAt}`);
  });

  it('reports a ramp on a daily pattern as a drift, and a step on it as a level shift', () => {
    const ramp = series(1200, (i) => (i >= AT ? 0.5 * (i - AT) : 0));
    const drifts = detectAnomalies(ramp.timestamps, ramp.values, { limit: 250 });
    assert.deepEqual(flagged(drifts.points.slice(0, AT)), []);
    const drift = drifts.events.find((e) => e.kind === 'drift');
    assert.ok(drift, `no drift among: ${describeEvents(drifts.events)}`);
    assert.equal(drift.direction, 'up');
    assert.ok(drift.start >= at(AT) && drift.start <= at(AT + 72), `starts at ${(drift.start - T0) / STEP}`);
    assert.ok(drift.limitAt !== null && drift.limitAt > drift.end);
    // the same rise all at once is a step: a level shift, never a drift, and no time to the limit
    const step = series(1200, (i) => (i >= AT ? 8 : 0));
    const shifts = detectAnomalies(step.timestamps, step.values, { limit: 250 });
    assert.ok(
      shifts.events.some((e) => e.kind === 'level_shift'),
      describeEvents(shifts.events)
    );
    assert.ok(
      shifts.events.every((e) => e.kind !== 'drift' && e.limitAt === null),
      describeEvents(shifts.events)
    );
  });

  it('stays quiet on stationary noise and on a clean daily pattern', () => {
    const r = rng(11);
    const timestamps = Array.from({ length: 4000 }, (_, i) => at(i));
    const noise = detectAnomalies(
      timestamps,
      timestamps.map(() => 10 + r.normal())
    );
    assert.ok(flagged(noise.points).length <= 2, `${flagged(noise.points).length} false alarms in 4000 rows of noise`);
    const wave = series(4000);
    assert.ok(flagged(detectAnomalies(wave.timestamps, wave.values).points).length <= 2);
    for (const p of noise.points) {
      assert.ok(p.score >= 0 && p.score <= 1);
    }
  });
});

describe('anomaly detector: causality', () => {
  it('gives a prefix the same results whatever rows follow', () => {
    const { timestamps, values } = series(1500, (i) => (i === 1000 ? 15 : i >= 1200 ? 10 : 0));
    const full = detectAnomalies(timestamps, values);
    for (const cut of [300, 950, 1001, 1250]) {
      const prefix = detectAnomalies(timestamps.slice(0, cut), values.slice(0, cut));
      assert.deepEqual(prefix.points, full.points.slice(0, cut), `prefix of ${cut} rows`);
    }
    // and a different future does not change the past either
    const changed = values.map((v, i) => (i >= 1100 ? v * 3 : v));
    assert.deepEqual(detectAnomalies(timestamps, changed).points.slice(0, 1100), full.points.slice(0, 1100));
  });

  it('the batch function equals the streaming object point by point', () => {
    const { timestamps, values } = series(1000, (i) => (i === AT ? 15 : 0));
    const detector = createAnomalyDetector();
    const streamed = timestamps.map((t, i) => detector.push(t, values[i]));
    const batch = detectAnomalies(timestamps, values);
    assert.deepEqual(
      streamed.map((p) => ({
        expected: p.expected,
        lower: p.lower,
        upper: p.upper,
        score: p.score,
        isAnomaly: p.isAnomaly,
      })),
      batch.points
    );
    assert.deepEqual(detector.events(), batch.events);
    assert.equal(streamed[AT].kind, 'spike');
    assert.equal(streamed[AT].event?.start, at(AT));
  });
});

describe('anomaly detector: missing values and options', () => {
  it('scores missing values 0, carries its state over them and does not alarm after a gap', () => {
    const { timestamps, values } = series(1200);
    const holed = values.map((v, i) => (i % 97 === 0 || (i >= 700 && i < 730) ? NaN : v));
    const result = detectAnomalies(timestamps, holed);
    holed.forEach((v, i) => {
      const p = result.points[i];
      assert.ok(Number.isFinite(p.score) && p.score >= 0 && p.score <= 1, `row ${i}`);
      if (Number.isNaN(v)) {
        assert.equal(p.score, 0);
        assert.equal(p.isAnomaly, false);
      }
    });
    assert.deepEqual(flagged(result.points), []);
    assert.ok(Number.isFinite(result.points[730].expected) && Math.abs(result.points[730].expected - values[730]) < 5);
    // a spike after the gap is still found
    const spiked = holed.map((v, i) => (i === 1000 ? v + 12 : v));
    assert.deepEqual(flagged(detectAnomalies(timestamps, spiked).points), [1000]);
    // all missing: no crash, nothing flagged
    assert.deepEqual(flagged(detectAnomalies(timestamps.slice(0, 50), new Array(50).fill(NaN)).points), []);
  });

  it('rejects bad options and mismatched arrays', () => {
    assert.throws(() => createAnomalyDetector({ threshold: 1.5 }), /threshold/);
    assert.throws(() => createAnomalyDetector({ seasonalPeriods: [1.5] }), /seasonal periods/);
    assert.throws(() => createAnomalyDetector({ warmup: -1 }), /warmup/);
    assert.throws(() => detectAnomalies([1, 2], [1]), /2 timestamps but 1 values/);
  });

  it('without level shifts (whose absorption depends on the threshold), a lower threshold keeps the scores and flags more', () => {
    const { timestamps, values } = series(1200, (i) => (i === AT ? 6 : 0));
    const strict = detectAnomalies(timestamps, values);
    const loose = detectAnomalies(timestamps, values, { threshold: 0.3 });
    assert.deepEqual(
      loose.points.map((p) => p.score),
      strict.points.map((p) => p.score)
    );
    assert.ok(flagged(loose.points).length >= flagged(strict.points).length);
    for (const i of flagged(strict.points)) {
      assert.ok(loose.points[i].isAnomaly);
    }
  });
});
