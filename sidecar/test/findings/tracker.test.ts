// FindingsTracker: new, updated, gone — each real change heard exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FindingsTracker, normalizeResult, type Finding, type FindingChange } from '../../src/findings/index.ts';
import { recordingLogger } from '../doubles/recording-logger.ts';

function finding(
  name: string,
  errors: string[],
  extra: { uid?: string; details?: string; kind?: string; lifecycle?: string } = {}
): Finding {
  const result = normalizeResult({
    metadata: { name, namespace: 'k8sgpt', uid: extra.uid ?? `uid-${name}` },
    spec: {
      kind: extra.kind ?? 'Pod',
      name: `shop/${name}`,
      error: errors.map((text) => ({ text })),
      details: extra.details ?? '',
    },
    status: { lifecycle: extra.lifecycle ?? 'created' },
  });
  assert.ok(result.ok);
  return result.finding;
}

function tracked() {
  let now = 1_000;
  const tracker = new FindingsTracker({ clock: () => now });
  const heard: FindingChange[] = [];
  tracker.subscribe((change) => heard.push(change));
  const summary = () =>
    heard.map((c) => `${c.type} ${c.finding.objectName}${c.type === 'gone' ? ` (${c.reason})` : ''}`);
  return { tracker, heard, summary, advance: (ms: number) => (now += ms), now: () => now };
}

test('new, updated (problem changed) and gone (deleted) are each heard once', () => {
  const { tracker, heard, summary, advance } = tracked();
  tracker.upsert(finding('a', ['Readiness probe failed']));
  advance(10);
  tracker.upsert(finding('a', ['Readiness probe failed', 'the last termination reason is OOMKilled']));
  advance(10);
  tracker.remove('k8sgpt/a');
  tracker.remove('k8sgpt/a');
  assert.deepEqual(summary(), ['new a', 'updated a', 'gone a (deleted)']);
  const updated = heard[1];
  assert.equal(updated.type, 'updated');
  if (updated.type === 'updated') {
    assert.equal(updated.previous.severity, 'warning');
    assert.equal(updated.finding.severity, 'critical');
    assert.equal(updated.finding.firstSeen, 1_000);
    assert.equal(updated.finding.updatedAt, 1_010);
  }
  assert.equal(tracker.size, 0);
});

test('the same finding again, or only its details/lifecycle changing, notifies nobody but is stored', () => {
  const { tracker, summary, advance } = tracked();
  tracker.upsert(finding('a', ['x']));
  advance(5);
  assert.deepEqual(tracker.upsert(finding('a', ['x'])), []);
  assert.deepEqual(tracker.upsert(finding('a', ['x'], { details: 'The AI says…', lifecycle: 'historical' })), []);
  assert.deepEqual(summary(), ['new a']);
  const held = tracker.get('k8sgpt/a');
  assert.equal(held?.details, 'The AI says…');
  assert.equal(held?.lifecycle, 'historical');
  assert.equal(held?.updatedAt, 1_000, 'the problem has not changed since it was first seen');
  assert.equal(held?.lastSeen, 1_005);
});

test('a relist with the same findings notifies nobody; one missing from it is gone', () => {
  const { tracker, summary } = tracked();
  tracker.replaceAll([finding('a', ['x']), finding('b', ['y'])]);
  tracker.replaceAll([finding('a', ['x']), finding('b', ['y'])]);
  tracker.replaceAll([finding('b', ['y'])]);
  tracker.replaceAll([finding('b', ['y'])]);
  assert.deepEqual(summary(), ['new a', 'new b', 'gone a (not-listed)']);
});

test('a finding that disappears and comes back is new again', () => {
  const { tracker, heard, summary, advance } = tracked();
  tracker.upsert(finding('a', ['x']));
  advance(100);
  tracker.replaceAll([]);
  advance(100);
  tracker.upsert(finding('a', ['x'], { uid: 'uid-a-2' }));
  assert.deepEqual(summary(), ['new a', 'gone a (not-listed)', 'new a']);
  assert.equal(heard[2].finding.firstSeen, 1_200);
});

test('the same name with another uid is another object: the old one is gone, the new one new', () => {
  const { tracker, summary } = tracked();
  tracker.upsert(finding('a', ['x'], { uid: 'first' }));
  tracker.upsert(finding('a', ['x'], { uid: 'second' }));
  assert.deepEqual(summary(), ['new a', 'gone a (replaced)', 'new a']);
  assert.equal(tracker.get('k8sgpt/a')?.uid, 'second');
});

test('a failing listener is logged and the others still hear the change', () => {
  const logger = recordingLogger();
  const tracker = new FindingsTracker({ logger });
  const heard: string[] = [];
  tracker.subscribe(() => {
    throw new Error('listener broke');
  });
  const unsubscribe = tracker.subscribe((change) => heard.push(change.type));
  tracker.upsert(finding('a', ['x']));
  unsubscribe();
  tracker.remove('k8sgpt/a');
  assert.deepEqual(heard, ['new']);
  assert.equal(logger.at('error').length, 2);
  assert.match(String(logger.at('error')[0].details.err), /listener broke/);
});

test('list() gives the most severe first, then the most recently changed', () => {
  const { tracker, advance } = tracked();
  tracker.upsert(finding('old-warning', ['Readiness probe failed']));
  advance(1);
  tracker.upsert(finding('info', ['is suspended'], { kind: 'CronJob' }));
  advance(1);
  tracker.upsert(finding('oom', ['OOMKilled']));
  advance(1);
  tracker.upsert(finding('new-warning', ['Readiness probe failed']));
  assert.deepEqual(
    tracker.list().map((f) => f.objectName),
    ['oom', 'new-warning', 'old-warning', 'info']
  );
});
