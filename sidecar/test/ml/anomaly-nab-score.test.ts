// Known answers for the NAB scorer of bench/anomaly (written from shared/bench/nab/README.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  normalisedScore,
  PROFILES,
  probationRows,
  scaledSigmoid,
  scoreFile,
  windowRows,
} from '../../../bench/anomaly/nab-score.ts';

const [standard, lowFp, lowFn] = PROFILES;
const ROWS = 1000; // probation: 150 rows
const windows = [{ start: 400, end: 499 }];
const detectAt = (...rows: number[]) => Array.from({ length: ROWS }, (_, i) => rows.includes(i));

describe('NAB scorer', () => {
  it('has the README profiles, probation and sigmoid', () => {
    assert.deepEqual(
      PROFILES.map((p) => [p.name, p.tp, p.fn, p.fp]),
      [
        ['standard', 1, 1, 0.11],
        ['reward_low_FP_rate', 1, 1, 0.22],
        ['reward_low_FN_rate', 1, 2, 0.11],
      ]
    );
    assert.equal(probationRows(1000), 150);
    assert.equal(probationRows(10_000), 750);
    assert.equal(scaledSigmoid(0), 0);
    assert.ok(Math.abs(scaledSigmoid(-1) - (2 / (1 + Math.exp(-5)) - 1)) < 1e-12);
    assert.ok(scaledSigmoid(3) < -0.99);
  });

  it('scores a detection early in a window higher than a late one, and only the first in a window', () => {
    const early = scoreFile(detectAt(400), windows, standard).raw;
    const late = scoreFile(detectAt(490), windows, standard).raw;
    assert.ok(Math.abs(early - 1) < 1e-12, `first row of the window earns tpWeight, got ${early}`);
    assert.ok(late > 0 && late < early, `late ${late}`);
    assert.equal(scoreFile(detectAt(400, 410, 490), windows, standard).raw, early);
    assert.deepEqual(scoreFile(detectAt(430, 410), windows, standard).firstDetection, [410]);
  });

  it('charges false positives per the profile, less just after a window, nothing in probation', () => {
    const fp = (profile: (typeof PROFILES)[number], row: number) =>
      scoreFile(detectAt(row), windows, profile).raw + profile.fn;
    assert.ok(Math.abs(fp(standard, 300) + 0.11) < 1e-12); // before any window: −fpWeight
    assert.ok(Math.abs(fp(lowFp, 300) + 0.22) < 1e-12);
    assert.ok(Math.abs(fp(lowFn, 300) + 0.11) < 1e-12);
    const justAfter = fp(standard, 501);
    const farAfter = fp(standard, 900);
    assert.ok(justAfter < 0 && justAfter > -0.11 * 0.2, `just after ${justAfter}`);
    assert.ok(farAfter < justAfter && farAfter > -0.11 - 1e-9, `far after ${farAfter}`);
    assert.equal(scoreFile(detectAt(100), windows, standard).falsePositives, 0);
    assert.equal(scoreFile(detectAt(100), windows, standard).raw, -1);
  });

  it('a missed window costs fnWeight; the perfect detector normalises to 100 and the null one to 0', () => {
    for (const profile of PROFILES) {
      const missed = scoreFile(detectAt(), windows, profile).raw;
      assert.equal(missed, -profile.fn);
      assert.equal(normalisedScore(missed, 1, profile), 0);
      assert.equal(normalisedScore(scoreFile(detectAt(400), windows, profile).raw, 1, profile), 100);
    }
    // two files, three windows: one perfect, one missed, one detected late
    const two = [
      { start: 300, end: 349 },
      { start: 700, end: 799 },
    ];
    const raw = scoreFile(detectAt(300), two, standard).raw + scoreFile(detectAt(), windows, standard).raw;
    assert.equal(normalisedScore(raw, 3, standard), (100 * (raw + 3)) / 6);
  });

  it('turns window timestamps into the rows inside them', () => {
    const t = Array.from({ length: 10 }, (_, i) => i * 300_000);
    assert.deepEqual(windowRows(t, [[250_000, 1_250_000]]), [{ start: 1, end: 4 }]);
  });
});
