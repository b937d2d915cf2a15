import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../src/config/index.ts';

test('parses Prometheus durations to milliseconds', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('7d'), 604_800_000);
  assert.equal(parseDuration('1w'), 604_800_000);
  assert.equal(parseDuration('1y'), 365 * 86_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('1d12h'), 36 * 3_600_000);
});

test('rejects anything else with the value in the message', () => {
  for (const bad of ['', '5', '5 minutes', '5M', '-1m', '0s', '1m1h', '1.5h', 'm', '1h 30m', '5mm']) {
    assert.throws(
      () => parseDuration(bad),
      { name: 'RangeError', message: `expected a duration like "5m", got ${JSON.stringify(bad)}` },
      bad
    );
  }
});

test('formats milliseconds back to the shortest duration', () => {
  assert.equal(formatDuration(5_400_000), '1h30m');
  assert.equal(formatDuration(604_800_000), '1w');
  assert.equal(formatDuration(0), '0s');
});
