// Group outliers on constructed groups: the right members, the right feature and direction, the right time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findGroupOutliers, type OutlierGroup } from '../../src/ml/outliers/index.ts';
import { loadAugursOutlier } from '../../src/outliers/augurs-wasm.ts';
import { rng } from './rng.ts';

const augurs = loadAugursOutlier();
const STEP = 300_000;
const N = 576; // two days of 5-minute samples
const T0 = Date.UTC(2026, 0, 1);
const timestamps = Array.from({ length: N }, (_, i) => T0 + i * STEP);

type Rogue = (pod: number, i: number, f: { cpu: number; memory: number; restarts: number; latency: number }) => void;

/** Six pods of one deployment: shared daily traffic, 5% noise each; `rogue` edits one sample in place. */
function deployment(seed: number, rogue: Rogue = () => {}, pods = 6): OutlierGroup {
  const r = rng(seed);
  return {
    timestamps,
    members: Array.from({ length: pods }, (_, pod) => {
      const features = {
        cpu: [] as number[],
        memory: [] as number[],
        restarts: [] as number[],
        latency: [] as number[],
      };
      for (let i = 0; i < N; i++) {
        const traffic = 1 + 0.5 * Math.sin((2 * Math.PI * i) / 288);
        const f = {
          cpu: 0.4 * traffic * (1 + 0.05 * r.normal()),
          memory: 512 * (1 + 0.03 * r.normal()),
          restarts: 0,
          latency: 0.12 * (1 + 0.2 * (traffic - 1)) * (1 + 0.05 * r.normal()),
        };
        rogue(pod, i, f);
        features.cpu.push(f.cpu);
        features.memory.push(f.memory);
        features.restarts.push(f.restarts);
        features.latency.push(f.latency);
      }
      return { id: `web-${pod}`, features };
    }),
  };
}

const leakAndHotCpu: Rogue = (pod, i, f) => {
  if (pod === 2 && i >= 200) {
    f.memory += (i - 200) * 2; // leaks 2 MiB per 5 minutes from sample 200
  }
  if (pod === 4 && i >= 300 && i < 360) {
    f.cpu *= 2.5; // five hours of a hot loop
  }
};

describe('findGroupOutliers', () => {
  it('finds the pod that leaks memory and the pod with high CPU, naming the feature, direction and time', () => {
    const result = findGroupOutliers(deployment(1, leakAndHotCpu), augurs);
    assert.equal(result.tooSmall, false);
    assert.deepEqual(
      result.members.filter((m) => m.outlying).map((m) => m.id),
      ['web-2', 'web-4']
    );

    const leaker = result.members[2];
    assert.deepEqual(
      leaker.reasons.map((r) => [r.feature, r.direction]),
      [['memory', 'above']]
    );
    const memory = leaker.reasons[0];
    assert.ok(memory.value > memory.groupMedian * 1.3, memory.summary);
    assert.ok(memory.value > memory.bandUpper, memory.summary);
    assert.ok(Math.abs(memory.groupMedian - 512) < 10, memory.summary);
    // Outlying once the leak clears the 20% floor (~100 MiB ≈ 50 samples in) and until the end.
    assert.equal(leaker.intervals.length, 1);
    const startSample = (leaker.intervals[0].start - T0) / STEP;
    assert.ok(startSample > 220 && startSample < 300, `leak flagged from sample ${startSample}`);
    assert.equal(leaker.intervals[0].end, timestamps[N - 1]);
    assert.ok(leaker.score > 0.4 && leaker.score < 0.65, String(leaker.score));
    assert.match(
      memory.summary,
      /^memory above the group: \d+ vs median \d+ \(band [\d.]+–[\d.]+\) for \d+% of the window$/
    );

    const hot = result.members[4];
    assert.deepEqual(
      hot.reasons.map((r) => [r.feature, r.direction]),
      [['cpu', 'above']]
    );
    assert.deepEqual(hot.intervals, [{ start: timestamps[300], end: timestamps[359] }]);
    assert.ok(hot.reasons[0].relativeDeviation! > 1, String(hot.reasons[0].relativeDeviation));
    assert.ok(Math.abs(hot.score - 60 / N) < 1e-9);
  });

  it('finds no outlier in a group that behaves alike, for several draws of the noise', () => {
    for (const seed of [2, 3, 4, 5, 6]) {
      const result = findGroupOutliers(deployment(seed), augurs);
      assert.deepEqual(
        result.members.filter((m) => m.outlying).map((m) => m.id),
        [],
        `seed ${seed}`
      );
      assert.equal(result.features.length, 4);
    }
  });

  it('flags a pod that restarts while its siblings do not, below-median latency included', () => {
    const group = deployment(7, (pod, i, f) => {
      if (pod === 0 && i >= 100) {
        f.restarts = 1 + Math.floor((i - 100) / 50);
      }
      if (pod === 5 && i >= 400 && i < 420) {
        f.latency = 0.01; // answers without doing the work
      }
    });
    const result = findGroupOutliers(group, augurs);
    assert.deepEqual(
      result.members[0].reasons.map((r) => [r.feature, r.direction]),
      [['restarts', 'above']]
    );
    assert.equal(result.members[0].intervals[0].start, timestamps[100]);
    assert.deepEqual(
      result.members[5].reasons.map((r) => [r.feature, r.direction]),
      [['latency', 'below']]
    );
    assert.deepEqual(result.members[5].intervals, [{ start: timestamps[400], end: timestamps[419] }]);
    assert.equal(result.members.filter((m) => m.outlying).length, 2);
  });

  it('does not let a huge leaker hide a milder rogue on the same feature', () => {
    // Left to its default, augurs' DBSCAN scales epsilon with the data's span and misses web-3 here.
    const result = findGroupOutliers(
      deployment(8, (pod, i, f) => {
        if (pod === 1) {
          f.memory += i * 20; // ends at ~12 GiB
        }
        if (pod === 3) {
          f.memory *= 1.6;
        }
      }),
      augurs
    );
    assert.deepEqual(
      result.members.filter((m) => m.outlying).map((m) => m.id),
      ['web-1', 'web-3']
    );
    assert.equal(result.members[3].score, 1);
  });

  it('turns the threshold into the DBSCAN epsilon it names: the gap to the cluster, in robust standard deviations', () => {
    // Five members at offsets −2…2 around a shared wave, a sixth at +x. Per-sample median 0.5, MAD 1.5, so the
    // spread is 1.4826 × 1.5 = 2.2239; at threshold t the sixth is out when x − 2 > 2.2239 t.
    const at = (x: number, threshold: number) => {
      const wave = (i: number) => 50 + 10 * Math.sin(i / 10);
      const members = [-2, -1, 0, 1, 2, x].map((offset, k) => ({
        id: `m${k}`,
        features: { v: timestamps.map((_, i) => wave(i) + offset) },
      }));
      const result = findGroupOutliers({ timestamps, members }, augurs, { threshold, minRelativeDeviation: 0 });
      assert.ok(Math.abs(result.features[0].spread - 2.2239) < 1e-3, String(result.features[0].spread));
      return result.members[5].outlying;
    };
    assert.equal(at(6.2, 2), false);
    assert.equal(at(6.7, 2), true);
    assert.equal(at(8.5, 3), false);
    assert.equal(at(9.0, 3), true);
  });

  it('judges nobody where no cluster holds more than half the group', () => {
    // Three pods at 0 restarts, three at 1, 2 and 3; at a tiny epsilon every gap separates, so augurs' DBSCAN finds
    // no cluster of four and flags all six.
    const members = [0, 0, 0, 1, 2, 3].map((restarts, k) => ({
      id: `p${k}`,
      features: { restarts: timestamps.map(() => restarts) },
    }));
    const result = findGroupOutliers({ timestamps, members }, augurs, { threshold: 0.1, minRelativeDeviation: 0 });
    assert.deepEqual(
      result.members.filter((m) => m.outlying).map((m) => m.id),
      []
    );
  });

  it('says a group of two is too small instead of judging it', () => {
    const result = findGroupOutliers(deployment(9, leakAndHotCpu, 2), augurs);
    assert.equal(result.tooSmall, true);
    assert.equal(result.minMembers, 3);
    assert.deepEqual(
      result.members.map((m) => [m.id, m.outlying]),
      [
        ['web-0', false],
        ['web-1', false],
      ]
    );
  });

  it('survives NaN, Infinity and missing features, bridging gaps inside an outlying run', () => {
    const group = deployment(10, leakAndHotCpu);
    const r = rng(11);
    for (const member of group.members) {
      for (const values of Object.values(member.features) as number[][]) {
        for (let i = 0; i < N; i++) {
          if (r.uniform() < 0.05) {
            values[i] = NaN;
          }
        }
      }
    }
    (group.members[4].features.cpu as number[])[330] = NaN; // inside the hot-CPU run
    (group.members[1].features.cpu as number[])[10] = Infinity;
    (group.members[0].features.latency as number[]).fill(NaN); // this pod exports no latency at all
    delete (group.members[3].features as Record<string, number[]>).restarts; // nor restarts

    const result = findGroupOutliers(group, augurs);
    assert.deepEqual(
      result.members.filter((m) => m.outlying).map((m) => m.id),
      ['web-2', 'web-4']
    );
    assert.deepEqual(result.members[4].intervals.length, 1, JSON.stringify(result.members[4].intervals));
    assert.equal(result.features.find((f) => f.feature === 'latency')!.members, 5);
    assert.equal(result.features.find((f) => f.feature === 'restarts')!.members, 5);
  });

  it('skips a feature that fewer than three members report, and still judges the others', () => {
    const group = deployment(12, leakAndHotCpu);
    for (const member of group.members.slice(2)) {
      delete (member.features as Record<string, number[]>).latency;
    }
    const result = findGroupOutliers(group, augurs);
    assert.match(result.features.find((f) => f.feature === 'latency')!.skipped ?? '', /2 members have data/);
    assert.deepEqual(
      result.members.filter((m) => m.outlying).map((m) => m.id),
      ['web-2', 'web-4']
    );
  });

  it('with MAD, finds the member off a stable level, and falls back to DBSCAN where MAD cannot scale', () => {
    const r = rng(13);
    const members = Array.from({ length: 8 }, (_, k) => ({
      id: `node-${k}`,
      features: {
        disk: timestamps.map(() => (k === 6 ? 0.9 : 0.45) * (1 + 0.03 * r.normal())),
        evictions: timestamps.map((_, i) => (k === 3 && i > 500 ? 4 : 0)),
      },
    }));
    const result = findGroupOutliers({ timestamps, members }, augurs, { algorithm: 'mad' });
    assert.deepEqual(
      result.members.filter((m) => m.outlying).map((m) => m.id),
      ['node-3', 'node-6']
    );
    assert.deepEqual(
      result.members[6].reasons.map((x) => [x.feature, x.direction]),
      [['disk', 'above']]
    );
    assert.deepEqual(
      result.members[3].reasons.map((x) => [x.feature, x.direction]),
      [['evictions', 'above']]
    );
    const evictions = result.features.find((f) => f.feature === 'evictions')!;
    assert.equal(evictions.method, 'dbscan');
    assert.match(evictions.fallback ?? '', /MAD/);
    assert.equal(result.features.find((f) => f.feature === 'disk')!.method, 'mad');
  });

  it('rejects malformed groups with a RangeError', () => {
    const ok = { id: 'a', features: { cpu: [1, 2] } };
    assert.throws(
      () => findGroupOutliers({ timestamps: [1, 2], members: [ok, { ...ok }, { id: 'b', features: {} }] }, augurs),
      /duplicate member id "a"/
    );
    assert.throws(
      () =>
        findGroupOutliers(
          { timestamps: [1, 2], members: [ok, { id: 'b', features: { cpu: [1] } }, { id: 'c', features: {} }] },
          augurs
        ),
      /member "b", feature "cpu": 1 values for 2 timestamps/
    );
  });
});
